using TorchAe.Presets;

namespace TorchAe.Commands;

/// <summary><c>torchae mnist</c>: UFLDL's stacked autoencoder exercise.</summary>
public sealed class MnistCommand() : MnistPresetCommand(ExperimentPresets.Mnist)
{
    public override string Name => "mnist";
    public override string Summary => "UFLDL's stacked autoencoder: MNIST 784→200→200→10, L-BFGS 400 per layer; accuracies beside UFLDL's 87.7% / 97.6%";
}
