namespace TorchAe.Training;

/// <summary>What early stopping watches on the validation split. A better value resets the patience and keeps a copy of
/// the weights, which the stage ends with.</summary>
public enum EarlyStoppingMetric
{
    /// <summary>The stage's own objective on the validation data (every stage has one).</summary>
    Loss,
    /// <summary>The validation error, 1 − accuracy, in stages that classify (the softmax head, fine-tuning): the criterion
    /// of Vincent et al. 2010 and the Theano SdA tutorial. A cross-entropy can rise while the error still falls (the model
    /// grows confident on the samples it gets wrong); stages that do not classify (pretraining) watch their loss.</summary>
    Error,
}
