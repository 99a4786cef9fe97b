using TorchAe.Training;

namespace TorchAe.Tests.Reporting;

/// <summary>Metrics of a made-up run: two pretraining layers, the classifier and fine-tuning, losses falling geometrically.</summary>
internal static class Samples
{
    public static List<EpochMetrics> Run(int pretrainEpochs = 40, int classifierEpochs = 20, int finetuneEpochs = 15)
    {
        var rows = new List<EpochMetrics>();
        void Stage(string stage, int layer, int epochs, double first, double last, bool accuracy)
        {
            for (int e = 1; e <= epochs; e++)
            {
                double t = (e - 1.0) / Math.Max(1, epochs - 1);
                double loss = first * Math.Pow(last / first, t);
                rows.Add(new EpochMetrics
                {
                    Stage = stage, Layer = layer, Epoch = e, Loss = loss, Seconds = 0.25 * e,
                    Terms = accuracy ? TermValues.Empty : new(("reconstruction", 0.8 * loss), ("weight_decay", 0.05 * loss), ("sparsity", 0.15 * loss)),
                    RhoHatMean = accuracy ? null : 0.05 + 0.1 * (1 - t), RhoHatMin = accuracy ? null : 0.01, RhoHatMax = accuracy ? null : 0.3,
                    TrainAccuracy = accuracy ? 0.6 + 0.38 * t : null, ValidationAccuracy = accuracy ? 0.55 + 0.35 * t : null,
                    LearningRate = stage == "finetune" ? 0.01 : null, GradNorm = 1.0 / e,
                });
            }
        }
        Stage("pretrain", 1, pretrainEpochs, 40, 0.8, false);
        Stage("pretrain", 2, pretrainEpochs, 9, 0.25, false);
        Stage("classifier", 2, classifierEpochs, 2.3, 0.3, true);
        Stage("finetune", 2, finetuneEpochs, 0.35, 0.06, true);
        return rows;
    }

    public static List<UnitStatistics> Units(int count, double center, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(1, count)
            .Select(u => new UnitStatistics(u, Math.Clamp(center * (0.4 + 1.2 * random.NextDouble()), 1e-4, 1), 0.5 + random.NextDouble()))
            .ToList();
    }
}
