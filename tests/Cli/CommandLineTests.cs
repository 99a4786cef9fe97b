using System.Text.Json.Nodes;
using TorchAe.Cli;
using TorchAe.Runtime;
using TorchAe.Tests.Support;
using TorchAe.Presets;

namespace TorchAe.Tests.Cli;

/// <summary>The command line as a user meets it: --version, help, suggestions for misspellings, defaults in --help,
/// and the same options on <c>train --config</c> as on the presets.</summary>
public sealed class CommandLineTests
{
    [Fact]
    public void Version_NamesTorchAeTorchSharpAndLibtorch_ExitsZero()
    {
        var (code, output, _) = Torchae.Run("--version");
        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith($"torchae {BuildInfo.Version} (commit ", output);
        Assert.Contains($"TorchSharp {BuildInfo.TorchSharpVersion}", output);
        Assert.Contains($"libtorch {TorchSharp.torch.__version__}", output);
    }

    /// <summary>The program's fast path for a bare <c>--version</c> (no parser) prints what the parser's path prints.</summary>
    [Fact]
    public void Version_FastPathOfTheProgram_PrintsTheSameAsTheParser()
    {
        var child = TorchAe.Tests.Reliability.ChildRun.Run(TimeSpan.FromSeconds(120), "--version");
        Assert.Equal((ExitCodes.Success, ""), (child.Code, child.Error));
        Assert.Equal(Torchae.Run("--version").Output.ReplaceLineEndings("\n"), child.Output.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(new[] { "shapes", "--trian-count", "5" }, "torchae shapes: unknown option --trian-count (did you mean --train-count?)")]
    [InlineData(new[] { "shape" }, "torchae: unknown command 'shape' (did you mean shapes?); commands: {commands}")]
    [InlineData(new[] { "shapes", "--epochs", "--quiet" }, "torchae shapes: --epochs needs a value")]
    [InlineData(new[] { "--version", "extra" }, "torchae: unknown command 'extra'; commands: {commands}")]
    [InlineData(new[] { "help", "shape" }, "torchae: unknown command 'shape' (did you mean shapes?); commands: {commands}")]
    [InlineData(new[] { "train", "--config", "x.json", "--bogus", "1" }, "torchae train: unknown option --bogus (see --help)")]
    public void Run_Misspelled_ExitsTwoWithOneLineNamingTheFix(string[] args, string line)
    {
        var (code, _, error) = Torchae.Run(args);
        var commands = string.Join(", ", CommandLine.Commands.Select(c => c.Name));
        Assert.Equal((ExitCodes.BadInput, line.Replace("{commands}", commands) + "\n"), (code, error));
    }

    [Fact]
    public void ShapesHelp_ShowsThePresetsValuesAndTypedPlaceholders()
    {
        var (code, output, _) = Torchae.Run("shapes", "--help");
        Assert.Equal(ExitCodes.Success, code);
        Assert.DoesNotContain("VALUE", output);
        Assert.Matches(@"--train-count <N> +.*\[default: 1000\]", output);
        Assert.Matches(@"--rho <F> +.*\[default: 0\.05\]", output);
        Assert.Matches(@"--beta <F> +.*\[default: 4\]", output);
        var p = ExperimentPresets.Shapes().Pipeline;
        Assert.Matches($@"--epochs <N> +.*\[default: {p.Pretrain.Epochs} / {p.Classifier.Epochs} / {p.FineTuning.Epochs} \(pretraining / classifier / fine-tuning\)\]", output);
        Assert.Matches(@"--out <DIR> ", output);
        Assert.Matches(@"--hidden <LIST> +.*\[default: 100,50\]", output);
    }

    [Fact]
    public void MnistHelp_ShowsItsOwnPresetsBeta()
    {
        var (_, output, _) = Torchae.Run("mnist", "--help");
        Assert.Matches(@"--beta <F> +.*\[default: 3\]", output);
        Assert.Matches(@"--epochs <N> +.*\[default: 400 / 100 / 400 ", output);
    }

    [Fact]
    public void HelpCommand_PrintsTheCommandsOptions()
    {
        var (code, output, _) = Torchae.Run("help", "shapes");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(Torchae.Run("shapes", "--help").Output, output);
    }

    [Fact]
    public void TrainConfig_WithOverrides_AppliesThemOnTopOfTheFile()
    {
        using var temp = new TempFolder();
        var config = temp.File("c.json");
        File.WriteAllText(config, Torchae.Run("shapes", "--jitter", "1", "--print-config").Output);

        var (code, output, error) = Torchae.Run("train", "--config", config, "--rho", "0.1", "--epochs", "7", "--noise", "0.2", "--print-config");

        Assert.True(code == 0, error);
        var json = JsonNode.Parse(output)!;
        Assert.All(json["pipeline"]!["layers"]!.AsArray(), l => Assert.Equal(0.1, l!["loss"]!["rho"]!.GetValue<double>()));
        Assert.All(json["pipeline"]!["layers"]!.AsArray(), l => Assert.Equal(4, l!["loss"]!["beta"]!.GetValue<double>()));
        Assert.Equal(7, json["pipeline"]!["fine_tuning"]!["epochs"]!.GetValue<int>());
        Assert.Equal((1.0, 0.2), (json["data"]!["shapes"]!["jitter"]!.GetValue<double>(), json["data"]!["shapes"]!["noise"]!.GetValue<double>()));
    }

    [Fact]
    public void TrainConfig_DataOptionOfAnotherSource_ExitsTwo()
    {
        using var temp = new TempFolder();
        var config = temp.File("c.json");
        File.WriteAllText(config, Torchae.Run("patches", "--image", "a.pgm", "--print-config").Output);
        var (code, _, error) = Torchae.Run("train", "--config", config, "--jitter", "1", "--print-config");
        Assert.Equal((ExitCodes.BadInput, "torchae train: --jitter applies only to shapes, not patches\n"), (code, error));
    }

    /// <summary>Shell completion goes through System.CommandLine's [suggest] directive (what dotnet-suggest calls).</summary>
    [Fact]
    public void SuggestDirective_CompletesCommandsOptionsAndChoices()
    {
        Assert.Equal("shapes\n", Torchae.Run("[suggest:2]", "sh").Output);
        Assert.Contains("--train-count\n", Torchae.Run("[suggest:11]", "shapes --tr").Output);
        Assert.Equal("auto\ncpu\ncuda\n", Torchae.Run("[suggest:17]", "shapes --device ").Output);
    }
}
