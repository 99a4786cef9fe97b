namespace TorchAe.Training;

/// <summary>A row of <c>gradients.csv</c>: the Euclidean norms of the gradient of layer <see cref="Layer"/>'s weights and
/// biases at the end of <see cref="Epoch"/> of a stage that backpropagates through the stack (encoders are layers 1..L,
/// the softmax head is layer L + 1). Measured on the evaluation the optimiser kept, as <c>grad_norm</c> in metrics.csv;
/// for mini-batches on the epoch's last batch.</summary>
public sealed record LayerGradientNorm(string Stage, int Layer, int Epoch, double GradNormWeights, double GradNormBias);
