namespace TorchAe.Benchmarks;

/// <summary>Resident memory after <see cref="FirstSteps"/> and after <see cref="LastSteps"/> training steps of one run.</summary>
internal sealed record RssDrift(string Workload, string Source, string Dtype, int Batch, int FirstSteps, double FirstMb, int LastSteps, double LastMb)
{
    /// <summary>(last − first) / first.</summary>
    public double Drift => (LastMb - FirstMb) / FirstMb;
}
