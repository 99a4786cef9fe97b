using static TorchSharp.torch;

namespace TorchAe.Gradients;

/// <summary>A loss value and one gradient per parameter, keyed by the parameter's name in <c>named_parameters()</c>,
/// each shaped like its parameter: the layout autograd leaves in <c>.grad</c>.</summary>
public sealed record ParameterGradients(Tensor Loss, IReadOnlyDictionary<string, Tensor> Gradients);
