namespace TorchAe.Training;

/// <summary>The lecture's three kinds of training stage ("HOW to TRAIN?"): greedy pretraining of one autoencoder, the
/// softmax head on the last code, end-to-end fine-tuning of the stack.</summary>
public enum StageKind
{
    /// <summary>Greedy pretraining of one sparse autoencoder on the previous layer's code.</summary>
    Pretrain,
    /// <summary>The softmax head on the last code, encoders fixed.</summary>
    Classifier,
    /// <summary>The whole stack end to end on the labels.</summary>
    FineTune,
}
