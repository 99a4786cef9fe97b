namespace TorchAe.Benchmarks;

/// <summary>Everything one benchmark run measured, and the conditions it ran under.</summary>
internal sealed record BenchmarkReport(IReadOnlyList<BenchmarkRow> Rows, RssDrift Rss, int Threads, double SecondsTaken);
