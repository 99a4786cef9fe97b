namespace TorchAe.Training.Optimizers;

/// <summary>The optimisers a stage can use.</summary>
public enum OptimizerKind
{
    /// <summary>The lecture's full-batch gradient descent θ ← θ − η ∇J.</summary>
    Gd,
    /// <summary>Mini-batch SGD with (heavy-ball) momentum, PyTorch's formula.</summary>
    Sgd,
    /// <summary>Adam (Kingma &amp; Ba), PyTorch's formula.</summary>
    Adam,
    /// <summary>L-BFGS with a strong-Wolfe line search (UFLDL's minFunc choice), full batch.</summary>
    Lbfgs,
}
