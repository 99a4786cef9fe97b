namespace TorchAe.Training;

/// <summary>The lecture's three kinds of training stage ("HOW to TRAIN?"): greedy pretraining of one autoencoder, the
/// softmax head on the last code, end-to-end fine-tuning of the stack.</summary>
public enum StageKind
{
    Pretrain,
    Classifier,
    FineTune,
}
