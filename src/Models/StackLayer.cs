using TorchAe.Kernels;
namespace TorchAe.Models;

/// <summary>One encoder layer of a stack: H hidden units and their non-linearity φ (sigmoid or tanh).</summary>
public sealed record StackLayer(int Hidden, Activation Activation);
