using TorchAe.Gradients;
TorchAe.Runtime.TorchRuntime.EnsureLoaded();
foreach (var c in GradientCheckSuite.Run())
    Console.WriteLine($"{c.Case,-32} {c.Objective,-10} {c.Encoder,-8} {c.Decoder,-8} {c.Result.Parameters,5} {c.Result.RelNumericVsAutograd:E2} {c.Result.RelHandVsAutograd:E2} {c.Result.Passed}");
