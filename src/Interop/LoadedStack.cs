using TorchAe.Models;

namespace TorchAe.Interop;

/// <summary>What <see cref="StackArchive.Load"/> gives back: the stack with its trained weights, the name of each class
/// (index k of the logits is <c>ClassNames[k]</c>) and the architecture read from model.json.</summary>
public sealed record LoadedStack(StackedAutoencoder Stack, IReadOnlyList<string> ClassNames, StackArchitecture Architecture);
