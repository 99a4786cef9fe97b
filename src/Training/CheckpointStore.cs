using System.Text.Json;
using System.Text.Json.Serialization;
using TorchAe.IO;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>The checkpoint of a run: <c>DIR/checkpoint/tensors-N.safetensors</c> (the models' state_dict under
/// <c>models.</c>, the optimiser's tensors under <c>optimizer.</c>, early stopping's best weights <c>best.i</c>, the
/// shuffling generator <c>shuffle</c>, in denoising stages the corruption generator <c>noise</c>; any safetensors reader opens it) and <c>DIR/checkpoint/state.json</c>
/// (<see cref="CheckpointState"/>), written last and atomically: it is the commit point, so a crash at any moment leaves
/// the previous checkpoint whole. Older tensor files are removed after the new state is in place.</summary>
public sealed class CheckpointStore(string runFolder)
{
    const string ModelsPrefix = "models.", OptimizerPrefix = "optimizer.", BestPrefix = "best.", Shuffle = "shuffle", Noise = "noise";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary><c>&lt;run folder&gt;/checkpoint</c>.</summary>
    public string Folder { get; } = Path.Combine(runFolder, "checkpoint");
    string StatePath => Path.Combine(Folder, "state.json");

    /// <summary>Whether a checkpoint has been committed (its state.json exists).</summary>
    public bool Exists => File.Exists(StatePath);

    /// <summary>Writes <paramref name="state"/> with the models' state_dict and, inside a stage, its resume point.</summary>
    public void Save(CheckpointState state, IEnumerable<(string Name, Tensor Value)> models, ResumePoint? inStage)
    {
        using var scope = NewDisposeScope();   // the detached CPU views below
        var tensors = models.Select(m => (ModelsPrefix + m.Name, m.Value)).ToList();
        if (inStage is not null)
        {
            tensors.AddRange(inStage.OptimizerTensors.Select(p => (OptimizerPrefix + p.Key, p.Value)));
            tensors.AddRange(inStage.BestParameters.Select((t, i) => (BestPrefix + i, t)));
            tensors.Add((Shuffle, inStage.ShuffleState));
            if (inStage.NoiseState is { } noise) tensors.Add((Noise, noise));
        }
        Directory.CreateDirectory(Folder);
        var previous = Exists ? Read().TensorFile : null;
        int sequence = previous is null ? 1 : int.Parse(Path.GetFileNameWithoutExtension(previous).Split('-')[1]) + 1;
        var tensorFile = $"tensors-{sequence}.safetensors";
        var onCpu = tensors.ToDictionary(t => t.Item1, t => t.Item2.detach().cpu().contiguous());
        AtomicFile.Write(Path.Combine(Folder, tensorFile), stream => Safetensors.SaveStateDict(stream, onCpu, leaveOpen: true));
        var written = state with
        {
            Format = CheckpointState.CurrentFormat,
            Loop = inStage?.Loop,
            OptimizerScalars = inStage?.OptimizerScalars.ToDictionary(),
            TensorFile = tensorFile,
            CreatedUtc = DateTime.UtcNow.ToString("O"),
        };
        AtomicFile.WriteText(StatePath, JsonSerializer.Serialize(written, Json));
        foreach (var old in Directory.GetFiles(Folder, "tensors-*"))
            if (Path.GetFileName(old) != tensorFile) File.Delete(old);
    }

    /// <summary>state.json; one of an older layout is refused (its tensors are in a format this version no longer reads).</summary>
    public CheckpointState Read()
    {
        CheckpointState state;
        try
        {
            state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(StatePath), Json)
                ?? throw new DataFormatException(StatePath, "empty checkpoint state");
        }
        catch (JsonException e)
        {
            throw new DataFormatException(StatePath, $"unreadable checkpoint state: {e.Message}");
        }
        if (state.Format != CheckpointState.CurrentFormat)
            throw new DataFormatException(StatePath, $"a checkpoint of format {Math.Max(state.Format, 1)} (an older TorchAe); this version resumes format {CheckpointState.CurrentFormat} only: start the run again");
        // A name, never a path: the file lies beside state.json (and Save counts on its number).
        if (!System.Text.RegularExpressions.Regex.IsMatch(state.TensorFile ?? "", @"^tensors-[1-9][0-9]{0,8}\.safetensors$"))
            throw new DataFormatException(StatePath, $"tensor_file is '{state.TensorFile}', expected a name tensors-N.safetensors");
        if (state.Stages is null || state.Stages.Any(s => s is null))
            throw new DataFormatException(StatePath, "stages must be a list of stage reports");
        return state;
    }

    /// <summary>The last committed checkpoint with its tensors on the CPU: pass it to <see cref="GreedyPipeline.Run"/> to resume. A checkpoint of another format throws <see cref="IO.DataFormatException"/>.</summary>
    public Checkpoint Load()
    {
        var state = Read();
        var path = Path.Combine(Folder, state.TensorFile);
        if (!File.Exists(path)) throw new DataFormatException(path, "the checkpoint's tensor file is missing");
        // The project's own reader: the whole layout (header length, offsets, dtypes × shapes) is checked before a tensor
        // is made, and every problem is one line naming the file and the field.
        var (tensors, _) = SafetensorsFile.Read(path, SafetensorsFile.Readable);
        var models = WithPrefix(tensors, ModelsPrefix);
        if (state.Loop is not { } loop) return new Checkpoint(state, models, null);
        if (!tensors.TryGetValue(Shuffle, out var shuffle)) throw new DataFormatException(path, "the checkpoint has no shuffle state");
        var bestByName = WithPrefix(tensors, BestPrefix);
        if (bestByName.Keys.FirstOrDefault(k => !int.TryParse(k, out var i) || i < 0 || i >= bestByName.Count || k != i.ToString()) is { } odd)
            throw new DataFormatException(path, $"best.{odd}: early stopping's best weights are named best.0 … best.{bestByName.Count - 1}");
        var best = bestByName.OrderBy(p => int.Parse(p.Key)).Select(p => p.Value).ToList();
        return new Checkpoint(state, models, new ResumePoint(loop, best, WithPrefix(tensors, OptimizerPrefix), state.OptimizerScalars ?? new(), shuffle) { NoiseState = tensors.GetValueOrDefault(Noise) });
    }

    /// <summary>The last committed checkpoint, checked whole against the run it is to continue — the plan of
    /// <paramref name="spec"/> for data of <paramref name="inputSize"/> features and <paramref name="classes"/> classes (0 for
    /// unsupervised data), in <paramref name="dtype"/> — before anything is loaded into a model or written: state.json's
    /// numbers, every tensor the run needs with its shape and dtype, the optimiser's state. A problem throws
    /// <see cref="IO.DataFormatException"/> naming the file and the field; nothing in the run folder has changed then.</summary>
    public Checkpoint Load(PipelineSpec spec, int inputSize, int classes, ScalarType dtype)
    {
        var checkpoint = Load();
        CheckpointCheck.Validate(checkpoint, spec, inputSize, classes, dtype, StatePath, Path.Combine(Folder, checkpoint.State.TensorFile));
        return checkpoint;
    }

    static Dictionary<string, Tensor> WithPrefix(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(p => p.Key[prefix.Length..], p => p.Value);
}
