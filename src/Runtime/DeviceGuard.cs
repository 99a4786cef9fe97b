using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace TorchAe.Runtime;

/// <summary>Checks, before a step runs, that a model's parameters and the tensors fed to it are where (and in the dtype)
/// the entry point put them. libtorch's own error for a mixed-device matmul does not say which tensor was left
/// behind; this one names every misplaced parameter or tensor.</summary>
public static class DeviceGuard
{
    const int Listed = 5;

    /// <summary>Every parameter of <paramref name="module"/> and <paramref name="tensor"/> on <paramref name="expected"/>
    /// (and in <paramref name="dtype"/> when given); throws <see cref="InvalidOperationException"/> otherwise.</summary>
    public static void Check(Module module, Tensor tensor, string tensorName, Device expected, ScalarType? dtype = null)
    {
        var problems = Problems(module, expected, dtype).Concat(Problem($"tensor '{tensorName}'", tensor, expected, dtype)).ToList();
        ThrowIfAny(problems, expected, dtype);
    }

    /// <summary>Every parameter of <paramref name="module"/> on <paramref name="expected"/> (and in <paramref name="dtype"/>).</summary>
    public static void Check(Module module, Device expected, ScalarType? dtype = null) =>
        ThrowIfAny(Problems(module, expected, dtype).ToList(), expected, dtype);

    /// <summary>One tensor on <paramref name="expected"/> (and in <paramref name="dtype"/>).</summary>
    public static void Check(Tensor tensor, string tensorName, Device expected, ScalarType? dtype = null) =>
        ThrowIfAny(Problem($"tensor '{tensorName}'", tensor, expected, dtype).ToList(), expected, dtype);

    /// <summary>Every named tensor on <paramref name="expected"/> (and in <paramref name="dtype"/>); each problem starts
    /// with its name as given (e.g. "parameter 2", "tensor 'targets'").</summary>
    public static void Check(IEnumerable<(string What, Tensor Tensor)> tensors, Device expected, ScalarType? dtype = null) =>
        ThrowIfAny(tensors.SelectMany(t => Problem(t.What, t.Tensor, expected, dtype)).ToList(), expected, dtype);

    /// <summary>Same device type, and the same index where both name one (plain "cuda" matches "cuda:0").</summary>
    public static bool SameDevice(Device actual, Device expected) =>
        actual.type == expected.type && (actual.index < 0 || expected.index < 0 || actual.index == expected.index);

    static IEnumerable<string> Problems(Module module, Device expected, ScalarType? dtype) =>
        module.named_parameters().SelectMany(p => Problem($"parameter '{p.name}'", p.parameter, expected, dtype));

    static IEnumerable<string> Problem(string what, Tensor tensor, Device expected, ScalarType? dtype)
    {
        bool deviceOk = SameDevice(tensor.device, expected);
        bool dtypeOk = dtype is null || tensor.dtype == dtype;
        if (deviceOk && dtypeOk) yield break;
        var found = new List<string>();
        if (!deviceOk) found.Add($"on {DeviceChoice.Describe(tensor.device)}");
        if (!dtypeOk) found.Add(DTypeNames.Name(tensor.dtype));
        yield return $"{what} is {string.Join(", ", found)}";
    }

    static void ThrowIfAny(IReadOnlyList<string> problems, Device expected, ScalarType? dtype)
    {
        if (problems.Count == 0) return;
        var want = dtype is null ? $"on {DeviceChoice.Describe(expected)}" : $"on {DeviceChoice.Describe(expected)}, {DTypeNames.Name(dtype.Value)}";
        var listed = string.Join("; ", problems.Take(Listed));
        var more = problems.Count > Listed ? $"; and {problems.Count - Listed} more" : "";
        throw new InvalidOperationException(
            $"expected everything {want}, but {listed}{more} (move the model with .to(device) before creating the optimizer, and each batch with .to(device))");
    }
}
