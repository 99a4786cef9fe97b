using TorchAe.Data.Shapes;
using TorchAe.Gradients;
using QuickStart;

// The lecture's shapes (30×30 circles, triangles, rectangles, stars), 200 to train on and 200 held out.
var (train, test) = ShapesGenerator.Generate(new ShapesOptions(), count: 200, testCount: 200, seed: 1);

var (first, last) = Examples.TrainSparseAutoencoder(train, epochs: 30);
Console.WriteLine($"sparse autoencoder 900 → 25, Adam: J {first:F4} → {last:F4} in 30 steps");

double difference = Examples.CompareGradients(train);
Console.WriteLine($"hand-derived vs autograd gradients: relative difference {difference:0.0e+00}");

var result = Examples.RunGreedyPipeline(Examples.FromArrays(train), Examples.FromArrays(test), new Examples.EveryTenthEpoch(Console.Out));
Console.WriteLine($"test accuracy: {result.AccuracyBeforeFineTune:P1} before fine-tuning, {result.AccuracyAfterFineTune:P1} after");

var folder = Path.Combine(Path.GetTempPath(), $"torchae-quickstart-{Environment.ProcessId}");
double reloaded = Examples.SaveAndLoad(result, test, folder);
Directory.Delete(folder, recursive: true);
Console.WriteLine($"archive saved and loaded again: test accuracy {reloaded:P1}");

// The run folder torchae makes, through the library: `torchae evaluate --run` and `torchae shapes --resume` accept it.
var run = Examples.RunExperiment(Path.Combine("runs", $"quickstart-{DateTime.Now:yyyyMMdd-HHmmss}"), new Examples.EveryTenthEpoch(TextWriter.Null));
bool report = File.Exists(Path.Combine(run, "report.html")) && File.Exists(Path.Combine(run, "summary.json"));
Console.WriteLine($"run folder {run}: config.json, metrics.csv, model.json, pictures, report.html, summary.json");

// Fail loudly where the library does not do what it says.
return difference < GradientCheckResult.HandThreshold && reloaded == result.AccuracyAfterFineTune && report ? 0 : 1;
