using TorchAe.Data;
using TorchAe.Data.Sets;
using TorchAe.Data.Shapes;
using TorchAe.Experiments;
using TorchAe.Gradients;
using TorchAe.Interop;
using TorchAe.Kernels;
using TorchAe.Losses;
using TorchAe.Models;
using TorchAe.Training;
using TorchAe.Training.Experiment;
using TorchAe.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickStart;

/// <summary>The code of docs/library.md, compiled twice: by this sample against the TorchAe package, and by the
/// repository's tests (tests/Docs), which also check that the document quotes it word for word.</summary>
public static class Examples
{
    // --8<-- [start:train]
    public static (double First, double Last) TrainSparseAutoencoder(Dataset train, int epochs)
    {
        var x = train.FeaturesTensor(ScalarType.Float32, CPU);                                 // (R, N) in [0, 1]
        var ae = new SparseAutoencoder(train.FeatureCount, 25, Activation.Sigmoid, Activation.Sigmoid, new Generator(1));
        var loss = new SparseAutoencoderLoss(new SparseAutoencoderLossOptions { TargetActivation = 0.05, SparsityWeight = 3 });
        var adam = optim.Adam(ae.parameters(), lr: 0.01);
        double first = double.NaN, last = double.NaN;
        for (int epoch = 0; epoch < epochs; epoch++)
        {
            using var scope = NewDisposeScope();                                               // frees the step's tensors
            adam.zero_grad();
            var terms = loss.call(x, ae);                  // J = (1/R) Σ ½‖x − z‖² + αΩ + β Σ KL(ρ‖ρ̂)
            terms.Total.backward();
            adam.step();
            last = terms.Total.ToDouble();
            if (epoch == 0) first = last;
        }
        return (first, last);
    }
    // --8<-- [end:train]

    // --8<-- [start:gradients]
    public static double CompareGradients(Dataset data)
    {
        var x = data.FeaturesTensor(ScalarType.Float64, CPU);
        var ae = new SparseAutoencoder(data.FeatureCount, 25, Activation.Sigmoid, Activation.Sigmoid, new Generator(2), ScalarType.Float64);
        var options = new SparseAutoencoderLossOptions { SparsityWeight = 3 };
        new SparseAutoencoderLoss(options, fused: false).call(x, ae).Total.backward();          // autograd
        var (_, hand) = HandAutoencoder.Compute(ae, x, options);                               // the lecture's δ equations
        var autograd = ae.named_parameters().SelectMany(p => p.parameter.grad!.data<double>().ToArray()).ToList();
        var derived = ae.named_parameters().SelectMany(p => hand.Gradients[p.name].data<double>().ToArray()).ToList();
        return GradientChecker.Relative(derived, autograd);                                    // ‖h − a‖ / ‖h + a‖
    }
    // --8<-- [end:gradients]

    // --8<-- [start:data]
    /// <summary>Your own samples: R rows of N features (row-major, scaled to [0, 1] for sigmoid decoders), a label
    /// 0 … K−1 per row and the class names; width × height = N makes them images (for pictures only).</summary>
    public static Dataset FromArrays(float[] features, int[] labels, IReadOnlyList<string> classNames, int width, int height) =>
        new(features, labels.Length, width * height, labels, classNames, width, height, source: "my data");
    // --8<-- [end:data]

    public static Dataset FromArrays(Dataset set) => FromArrays(set.Features, set.Labels!, set.ClassNames, set.Width, set.Height);

    // --8<-- [start:sink]
    /// <summary>A sink: the pipeline reports every epoch of every stage here (and to nothing else).</summary>
    public sealed class EveryTenthEpoch(TextWriter output) : IMetricsSink
    {
        public void StageStarted(string stage, int layer, int epochs) => output.WriteLine($"{Stage.Describe(stage, layer)}: {epochs} epochs");

        public void Epoch(EpochMetrics m)
        {
            if (m.Epoch % 10 == 0) output.WriteLine($"  {m.Stage} {m.Layer} epoch {m.Epoch}: loss {m.Loss:G5}");
        }
    }
    // --8<-- [end:sink]

    // --8<-- [start:pipeline]
    /// <summary>One hidden layer of 50 units (ρ 0.05, β 3, α 1e-4), L-BFGS for every stage.</summary>
    public static PipelineSpec Spec { get; } = new()
    {
        Layers = [new LayerSpec { Hidden = 50, Loss = new SparseAutoencoderLossOptions { SparsityWeight = 3 } }],
        Pretrain = new OptimizerSettings { Kind = OptimizerKind.Lbfgs, Epochs = 100 },
        Classifier = new OptimizerSettings { Epochs = 100 },
        FineTuning = new OptimizerSettings { Epochs = 50 },
    };

    public static PipelineResult RunGreedyPipeline(Dataset train, Dataset test, IMetricsSink sink)
    {
        var pipeline = new GreedyPipeline
        {
            Spec = Spec,
            Train = new TrainingData(train.FeaturesTensor(ScalarType.Float32, CPU), train.LabelsTensor(CPU)),
            Test = new TrainingData(test.FeaturesTensor(ScalarType.Float32, CPU), test.LabelsTensor(CPU)),
            Classes = train.ClassNames.Count,
            Seed = 1,
            Sink = sink,
        };
        return pipeline.Run();   // autoencoder 1 … L, softmax head, fine-tuning; test accuracies before and after
    }
    // --8<-- [end:pipeline]

    // --8<-- [start:runfolder]
    /// <summary>The lecture's study on small shapes, as <c>torchae shapes</c> would run it: the run folder gets config.json
    /// (with provenance), metrics.csv, checkpoint/, model.json + model.dat, pictures, report.html and summary.json.</summary>
    public static string RunExperiment(string folder, IMetricsSink sink, CancellationToken cancellation = default)
    {
        var config = new ExperimentConfig
        {
            Name = "shapes",
            Data = new DataOptions { Source = DataSource.Shapes, Shapes = new ShapesOptions { Size = 12 }, TrainCount = 60, TestCount = 40 },
            Pipeline = new PipelineSpec
            {
                Layers = [new LayerSpec { Hidden = 16, Loss = new SparseAutoencoderLossOptions { SparsityWeight = 3 } }],
                Pretrain = new OptimizerSettings { Epochs = 30 },
                Classifier = new OptimizerSettings { Epochs = 30 },
                FineTuning = new OptimizerSettings { Epochs = 20 },
            },
        };
        return Experiment.Run(config, new RunFolderOptions(folder), sink, cancellation);   // torchae evaluate --run folder
    }
    // --8<-- [end:runfolder]

    // --8<-- [start:archive]
    public static double SaveAndLoad(PipelineResult result, Dataset test, string folder)
    {
        StackArchive.Save(folder, new TrainedModel(result.Stack!, test.ClassNames)
        {
            Autoencoders = result.Autoencoders,                                                // their decoders reconstruct
            InputShape = test.IsImage ? [test.Height, test.Width] : [],                        // images: (height, width)
            Objectives = Spec.Layers.Select(layer => layer.Loss.Objective).ToList(),           // each layer's objective
        });
        var model = StackArchive.Load(folder, CPU);       // a run folder (runs/shapes-…) or a torchae import folder
        using var _ = no_grad();
        var x = test.FeaturesTensor(model.Architecture.DType, CPU);
        var predicted = model.Stack.call(x).argmax(1);                                         // class index per sample
        var (code, reconstruction) = model.Autoencoders[0].call(x);                            // as pretraining left it
        return predicted.eq(test.LabelsTensor(CPU)).sum().ToInt64() / (double)test.Count;
    }
    // --8<-- [end:archive]
}
