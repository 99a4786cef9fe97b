// Marks chosen symbol-version requirements (e.g. GLIBCXX_3.4.32) WEAK in an ELF64 shared library's .gnu.version_r,
// so that the dynamic loader accepts a system libstdc++ that lacks that version. Used by build/TorchAe.targets (the
// repository's build and, as the package's buildTransitive/, every project referencing TorchAe) on the build output's
// copy of TorchSharp's libLibTorchSharp.so (see README, "Why the build patches a native library").
using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public sealed class ElfWeakVersion : Task
{
    [Required] public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();
    [Required] public string Versions { get; set; } = "";
    public string SystemLibrary { get; set; } = "";

    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        var wanted = Array.ConvertAll(Versions.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries), v => v.Trim());
        foreach (var version in wanted)
        {
            if (SystemProvides(version))
            {
                Log.LogMessage(MessageImportance.Low, $"ElfWeakVersion: {SystemLibrary} provides {version}; nothing to patch.");
                return true;
            }
        }
        foreach (var item in Files)
        {
            var path = item.ItemSpec;
            try
            {
                var bytes = File.ReadAllBytes(path);
                int changed = Patch(bytes, wanted);
                if (changed < 0) { Log.LogWarning($"ElfWeakVersion: {path} is not a little-endian ELF64 file; left alone."); continue; }
                if (changed == 0) continue;
                // Write beside, then rename: never modify a file that may be hard-linked into the NuGet cache.
                var tmp = path + ".weak-tmp";
                File.WriteAllBytes(tmp, bytes);
                File.Delete(path);
                File.Move(tmp, path);
                Log.LogMessage(MessageImportance.Normal, $"ElfWeakVersion: marked {changed} version need(s) weak in {path}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Log.LogError($"ElfWeakVersion: cannot patch {path}: {e.Message}");
                return false;
            }
        }
        return !Log.HasLoggedErrors;
    }

    bool SystemProvides(string version)
    {
        if (string.IsNullOrEmpty(SystemLibrary) || !File.Exists(SystemLibrary)) return false;
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        var haystack = File.ReadAllBytes(SystemLibrary);
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            int j = 0;
            while (j < needle.Length && haystack[i + j] == needle[j]) j++;
            if (j == needle.Length) return true;
        }
        return false;
    }

    /// <returns>number of entries changed, or -1 when the file is not ELF64 LE.</returns>
    static int Patch(byte[] b, string[] versions)
    {
        if (b.Length < 64 || b[0] != 0x7f || b[1] != (byte)'E' || b[2] != (byte)'L' || b[3] != (byte)'F' || b[4] != 2 || b[5] != 1)
            return -1;
        long shoff = BitConverter.ToInt64(b, 0x28);
        int shentsize = BitConverter.ToUInt16(b, 0x3A), shnum = BitConverter.ToUInt16(b, 0x3C);
        int changed = 0;
        for (int s = 0; s < shnum; s++)
        {
            long sh = shoff + (long)s * shentsize;
            if (BitConverter.ToUInt32(b, (int)sh + 4) != ShtGnuVerneed) continue;
            long offset = BitConverter.ToInt64(b, (int)sh + 24);
            int link = (int)BitConverter.ToUInt32(b, (int)sh + 40);
            int count = (int)BitConverter.ToUInt32(b, (int)sh + 44);
            long strtab = BitConverter.ToInt64(b, (int)(shoff + (long)link * shentsize) + 24);
            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int cnt = BitConverter.ToUInt16(b, (int)vn + 2);
                long aux = vn + BitConverter.ToUInt32(b, (int)vn + 8);
                for (int a = 0; a < cnt; a++)
                {
                    var name = CString(b, strtab + BitConverter.ToUInt32(b, (int)aux + 8));
                    ushort flags = BitConverter.ToUInt16(b, (int)aux + 4);
                    if (Array.IndexOf(versions, name) >= 0 && (flags & VerFlgWeak) == 0)
                    {
                        var patched = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
                        b[(int)aux + 4] = patched[0];
                        b[(int)aux + 5] = patched[1];
                        changed++;
                    }
                    aux += BitConverter.ToUInt32(b, (int)aux + 12);
                }
                vn += BitConverter.ToUInt32(b, (int)vn + 12);
            }
        }
        return changed;
    }

    static string CString(byte[] b, long at)
    {
        int end = (int)at;
        while (end < b.Length && b[end] != 0) end++;
        return Encoding.ASCII.GetString(b, (int)at, end - (int)at);
    }
}
