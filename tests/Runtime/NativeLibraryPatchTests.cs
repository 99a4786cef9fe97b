using System.Text;

namespace TorchAe.Tests.Runtime;

/// <summary>The build marks GLIBCXX_3.4.32 weak in the output's libLibTorchSharp.so (build/TorchAe.targets) when the
/// system libstdc++ lacks it; the NuGet cache's copy stays as shipped.</summary>
public sealed class NativeLibraryPatchTests
{
    const string Version = "GLIBCXX_3.4.32";
    const ushort Weak = 0x2;

    static string? OutputShim() =>
        new[] { "libLibTorchSharp.so", Path.Combine("runtimes", "linux-x64", "native", "libLibTorchSharp.so") }
            .Select(p => Path.Combine(AppContext.BaseDirectory, p)).FirstOrDefault(File.Exists);

    static bool SystemHasVersion()
    {
        var lib = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.FirstOrDefault(File.Exists);
        if (lib is null) return false;
        var bytes = File.ReadAllBytes(lib);
        return new ReadOnlySpan<byte>(bytes).IndexOf(Encoding.ASCII.GetBytes(Version + "\0")) >= 0;
    }

    [Fact]
    public void OutputCopy_NeedsTheVersionWeaklyExactlyWhenTheSystemLacksIt()
    {
        if (!OperatingSystem.IsLinux()) return;
        var shim = OutputShim();
        Assert.True(shim is not null, $"libLibTorchSharp.so is not in {AppContext.BaseDirectory}");
        var flags = VersionNeedFlags(File.ReadAllBytes(shim!), Version);
        Assert.True(flags is not null, $"{shim} does not need {Version} at all (another TorchSharp build?)");
        Assert.Equal(!SystemHasVersion(), (flags!.Value & Weak) != 0);
    }

    [Fact]
    public void NuGetCacheCopy_IsLeftAsShipped()
    {
        var home = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var cached = Directory.Exists(Path.Combine(home, "torchsharp"))
            ? Directory.GetFiles(Path.Combine(home, "torchsharp"), "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        if (cached is null) return;   // another cache layout: nothing to compare
        Assert.Equal(0, VersionNeedFlags(File.ReadAllBytes(cached), Version)!.Value & Weak);
    }

    /// <summary>vna_flags of the .gnu.version_r entry naming <paramref name="version"/>, or null if none does.</summary>
    static ushort? VersionNeedFlags(byte[] b, string version)
    {
        long shoff = BitConverter.ToInt64(b, 0x28);
        int size = BitConverter.ToUInt16(b, 0x3A), count = BitConverter.ToUInt16(b, 0x3C);
        for (int s = 0; s < count; s++)
        {
            int sh = (int)(shoff + (long)s * size);
            if (BitConverter.ToUInt32(b, sh + 4) != 0x6ffffffe) continue;          // SHT_GNU_verneed
            long offset = BitConverter.ToInt64(b, sh + 24);
            int strtab = (int)BitConverter.ToInt64(b, (int)(shoff + (long)BitConverter.ToUInt32(b, sh + 40) * size) + 24);
            long vn = offset;
            for (int n = 0; n < (int)BitConverter.ToUInt32(b, sh + 44); n++)
            {
                long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                for (int a = 0; a < BitConverter.ToUInt16(b, (int)vn + 2); a++)
                {
                    int name = strtab + (int)BitConverter.ToUInt32(b, (int)aux + 8);
                    int end = Array.IndexOf(b, (byte)0, name);
                    if (Encoding.ASCII.GetString(b, name, end - name) == version) return BitConverter.ToUInt16(b, (int)aux + 4);
                    aux += BitConverter.ToUInt32(b, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(b, (int)vn + 12);
            }
        }
        return null;
    }
}
