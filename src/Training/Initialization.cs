namespace TorchAe.Training;

/// <summary>Where fine-tuning starts (the lecture's question): from greedily pretrained layers, or from the same
/// network's initial weights (same layers, same initialisation rule and generator order, same head), trained end to end
/// as one fine-tuning stage with the fine-tuning stage's optimiser and budget.</summary>
public enum Initialization
{
    /// <summary>Greedy layer-wise pretraining, the softmax head on the last code, then fine-tuning (the lecture's procedure; the default).</summary>
    Pretrained,
    /// <summary>No pretraining: the stack is fine-tuned from its initial weights, as one stage.</summary>
    Random,
}
