using TorchAe.Cli;
using TorchAe.Options;
using TorchAe.Runs;

namespace TorchAe.Sweeps;

/// <summary>Refuses a sweep before its first run starts: the command must be a training command, every varied key one
/// of its options that takes a value, the fixed options must leave the per-run ones (--seed, --out, …) to the sweep,
/// and every planned command line must parse exactly as the command parses it (with --print-config, so nothing trains
/// and nothing is written).</summary>
internal static class SweepCheck
{
    public static void Check(SweepDefinition sweep, IReadOnlyList<PlannedRun> plan)
    {
        var command = CommandLine.Commands.FirstOrDefault(c => c.Name == sweep.Command);
        if (command is not TrainingCommand)
            throw new UsageException($"the swept command must be one of {string.Join(", ", CommandLine.Commands.OfType<TrainingCommand>().Select(c => c.Name))}, got '{sweep.Command}'");
        var options = command.Symbols.OfType<System.CommandLine.Option>().ToDictionary(o => o.Name);
        foreach (var v in sweep.Vary)
        {
            if (SweepDefinition.Reserved.Contains(v.Key))
                throw new UsageException($"--vary {v.Key}: the sweep sets --{v.Key} itself (--seeds LIST, --out DIR)");
            if (!options.TryGetValue(v.Option, out var spec))
                throw new UsageException($"--vary {v.Key}: {command.Name} has no option {v.Option}"
                    + (Suggestions.For(v.Key, options.Keys.Select(k => k.TrimStart('-'))) is { Count: > 0 } close
                        ? $" (did you mean {string.Join(" or ", close)}?)" : $" (see torchae {command.Name} --help)"));
            if (spec.IsFlag())
                throw new UsageException($"--vary {v.Key}: {v.Option} is a flag of {command.Name} and takes no value");
        }
        var twice = sweep.Vary.GroupBy(v => v.Key).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null) throw new UsageException($"--vary {twice.Key} is given twice (list its values once: {twice.Key}=V1,V2,…)");
        foreach (var given in sweep.Options.Where(a => a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.Split('=')[0][2..]))
        {
            if (SweepDefinition.Reserved.Contains(given))
                throw new UsageException($"{command.Name} --{given}: the sweep sets it for each run (--seeds LIST, --out DIR); leave it out of the command");
            if (sweep.Vary.Any(v => v.Key == given))
                throw new UsageException($"--{given} is both varied (--vary {given}=…) and given to {command.Name}; give it once");
        }
        var clash = plan.GroupBy(r => r.Folder.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new UsageException($"two runs would share the folder {clash.Key}: the values differ only in characters a folder name cannot hold");
        foreach (var run in plan)
        {
            var error = new StringWriter();
            int code = CommandLine.Run([run.Command, .. run.Arguments, "--print-config"], TextWriter.Null, error);
            if (code != ExitCodes.Success)
            {
                var line = error.ToString().Trim().Split('\n')[0];
                var prefix = $"torchae {run.Command}: ";
                throw new UsageException($"{run.Command} refuses run {run.Folder.Name}: {(line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : line)}");
            }
        }
    }
}
