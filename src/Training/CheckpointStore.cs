using System.Text.Json;
using TorchAe.IO;
using static TorchSharp.torch;

namespace TorchAe.Training;

/// <summary>The checkpoint of a run: <c>DIR/checkpoint/tensors-N.bin</c> (models, optimiser and loop state) and
/// <c>DIR/checkpoint/state.json</c>, written last and atomically: it is the commit point, so a crash at any moment leaves
/// the previous checkpoint whole. Older tensor files are removed after the new state is in place.</summary>
public sealed class CheckpointStore(string runFolder)
{
    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string Folder { get; } = Path.Combine(runFolder, "checkpoint");
    string StatePath => Path.Combine(Folder, "state.json");

    public bool Exists => File.Exists(StatePath);

    public void Save(CheckpointState state, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        Directory.CreateDirectory(Folder);
        var previous = Exists ? Read().TensorFile : null;
        int sequence = previous is null ? 1 : int.Parse(Path.GetFileNameWithoutExtension(previous).Split('-')[1]) + 1;
        var tensorFile = $"tensors-{sequence}.bin";
        TensorFile.Write(Path.Combine(Folder, tensorFile), tensors);
        AtomicFile.WriteText(StatePath, JsonSerializer.Serialize(state with { TensorFile = tensorFile, CreatedUtc = DateTime.UtcNow.ToString("O") }, Json));
        foreach (var old in Directory.GetFiles(Folder, "tensors-*.bin"))
            if (Path.GetFileName(old) != tensorFile) File.Delete(old);
    }

    public CheckpointState Read()
    {
        try
        {
            return JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(StatePath), Json)
                ?? throw new Data.DataFormatException(StatePath, "empty checkpoint state");
        }
        catch (JsonException e)
        {
            throw new Data.DataFormatException(StatePath, $"unreadable checkpoint state: {e.Message}");
        }
    }

    public (CheckpointState State, Dictionary<string, Tensor> Tensors) Load()
    {
        var state = Read();
        var path = Path.Combine(Folder, state.TensorFile);
        if (!File.Exists(path)) throw new Data.DataFormatException(path, "the checkpoint's tensor file is missing");
        return (state, TensorFile.Read(path));
    }
}
