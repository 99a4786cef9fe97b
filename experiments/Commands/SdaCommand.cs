using TorchAe.Presets;

namespace TorchAe.Commands;

/// <summary><c>torchae sda</c>: Vincent et al. 2010's stacked denoising autoencoder on MNIST (SdA-3; with
/// <c>--corruption none</c> their SAA-3).</summary>
public sealed class SdaCommand() : MnistPresetCommand(ExperimentPresets.Sda)
{
    public override string Name => "sda";
    public override string Summary => "Vincent et al. 2010's stacked denoising autoencoder: MNIST 784→1000→1000→1000→10, masking 0.25, SGD batch 1; test error beside their 1.28% (--corruption none: SAA-3, 1.40%)";
}
