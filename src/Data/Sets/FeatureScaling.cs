namespace TorchAe.Data.Sets;

/// <summary>How features are rescaled before training (config.json's <c>data.scale</c>, <c>--scale</c>): one affine map
/// x' = (x − offset) / divisor for every feature, fitted on the training split only (<see cref="FeatureScaler"/>).</summary>
public enum FeatureScaling
{
    /// <summary><c>auto</c> (the default): <see cref="Minmax"/> when the training values leave [0, 1], else
    /// <see cref="None"/> — so a sigmoid decoder (outputs in (0, 1)) never trains on targets it cannot reach, and data
    /// already in [0, 1] (MNIST's /255, the shapes, UFLDL's patches in [0.1, 0.9]) keep their exact values.</summary>
    Auto,
    /// <summary><c>none</c>: the values as read.</summary>
    None,
    /// <summary><c>minmax</c>: (x − min) / (max − min) over every training value, into [0, 1] (R's autoencode rescales
    /// this way; MATLAB's trainAutoencoder ScaleData does it per feature).</summary>
    Minmax,
    /// <summary><c>standard</c>: (x − mean) / std over every training value (std with N). Values leave [0, 1] and
    /// [−1, 1], so it needs a linear first decoder.</summary>
    Standard,
}
