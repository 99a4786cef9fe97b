using System.Buffers.Binary;
using System.Text.Json.Nodes;
using TorchAe.Data;
using TorchAe.Data.Readers;
using TorchAe.Data.Shapes;
using TorchAe.Tests.Support;
using TorchAe.Training;
using TorchAe.Training.Experiment;

namespace TorchAe.Tests.Reliability;

/// <summary>Every bad file the catalog points at, made once in a temporary folder (the catalog's <c>{dir}</c>):
/// MNIST folders with one damaged file each, CSV tables, image folders, experiment configs with one bad field each,
/// and run folders that cannot be resumed.</summary>
public sealed class BadInputFiles : IDisposable
{
    /// <summary>The smallest shapes run that reaches the data and the run folder: 12×12 images, 8 + 4 samples, 4 → 2.</summary>
    public static readonly string[] TinyShapes = ["shapes", "--train-count", "8", "--test-count", "4", "--size", "12", "--hidden", "4,2", "--epochs", "1"];

    readonly TempFolder temp = new();

    public BadInputFiles()
    {
        Mnist();
        Csv();
        ImageFolders();
        Configs();
        Runs();
        Models();
        Write("afile", "not a folder"u8.ToArray());
        Write("photo.pgm", "P2\n2 2\n255\n0 0 0 0\n"u8.ToArray());
    }

    public string Path => temp.Path;

    public void Dispose() => temp.Dispose();

    string Write(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    string WriteText(string name, string text) => Write(name, System.Text.Encoding.UTF8.GetBytes(text));

    // ---- MNIST: 30 training and 12 test images of 4×4, labels 0..2; each variant damages one file.

    static byte[] Images(int count, int rows = 4, int columns = 4)
    {
        var bytes = new byte[16 + count * rows * columns];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x803);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(12), columns);
        for (int i = 16; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
        return bytes;
    }

    static byte[] Labels(int count)
    {
        var bytes = new byte[8 + count];
        BinaryPrimitives.WriteInt32BigEndian(bytes, 0x801);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4), count);
        for (int i = 0; i < count; i++) bytes[8 + i] = (byte)(i % 3);
        return bytes;
    }

    void MnistFolder(string name, string? damaged = null, byte[]? bytes = null, bool gzip = false)
    {
        var files = new Dictionary<string, byte[]>
        {
            ["train-images-idx3-ubyte"] = Images(30), ["train-labels-idx1-ubyte"] = Labels(30),
            ["t10k-images-idx3-ubyte"] = Images(12), ["t10k-labels-idx1-ubyte"] = Labels(12),
        };
        foreach (var (file, content) in files)
        {
            var data = file == damaged ? bytes! : gzip ? TorchAe.Tests.Support.TempFolder.Gzip(content) : content;
            Write($"mnist/{name}/{file}{(gzip ? ".gz" : "")}", data);
        }
    }

    void Mnist()
    {
        const string images = "train-images-idx3-ubyte", labels = "train-labels-idx1-ubyte";
        var wrongMagic = Images(30);
        BinaryPrimitives.WriteInt32BigEndian(wrongMagic, 0x801);
        var labelOutOfRange = Labels(30);
        labelOutOfRange[8 + 2] = 12;
        var negative = Images(30);
        BinaryPrimitives.WriteInt32BigEndian(negative.AsSpan(4), -1);
        MnistFolder("magic", images, wrongMagic);
        MnistFolder("truncated", images, Images(30)[..^5]);
        MnistFolder("larger", images, [.. Images(30), 1, 2, 3]);
        MnistFolder("counts", labels, Labels(29));
        MnistFolder("label", labels, labelOutOfRange);
        MnistFolder("empty-file", labels, []);
        MnistFolder("short-header", images, Images(30)[..10]);
        MnistFolder("negative", images, negative);
        MnistFolder("gz-empty", images, [], gzip: true);
        MnistFolder("gz-not-gzip", images, Images(30), gzip: true);
        MnistFolder("gz-truncated", images, TorchAe.Tests.Support.TempFolder.Gzip(Images(30))[..^10], gzip: true);
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "mnist/empty"));
    }

    // ---- CSV: three features and a label column.

    void Csv()
    {
        var rows = string.Concat(Enumerable.Range(0, 40).Select(i => $"{i % 5 / 5.0},{i % 3 / 3.0},{i % 2},{i % 2}\n"));
        WriteText("csv/ok.csv", "a,b,c,label\n" + rows);
        WriteText("csv/three-classes.csv", "a,b,c,label\n0,0,0,0\n1,1,1,1\n0,1,0,2\n");
        WriteText("csv/ragged.csv", "a,b,c,label\n1,2,3,0\n1,2,0\n");
        WriteText("csv/text.csv", "a,b,c,label\n1,2,3,0\n1,x,3,1\n");
        WriteText("csv/nan.csv", "a,b,c,label\n1,2,nan,0\n1,2,3,1\n");
        WriteText("csv/empty.csv", "");
        WriteText("csv/blank.csv", "\n\n \n");
        WriteText("csv/header-only.csv", "a,b,c,label\n");
        WriteText("csv/one-class.csv", "a,b,c,label\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"{i % 5},{i % 3},{i % 2},7\n")));
        WriteText("csv/quote.csv", "a,b,label\n1,\"2,0\n");
        Write("csv/latin1.csv", [.. "a,b,label\n1,"u8, 0xE9, .. ",0\n"u8]);
        Write("csv/empty.csv.gz", []);
        WriteText("csv/plain.csv.gz", "a,b,label\n1,2,0\n");
    }

    // ---- Image folders: one sub-folder per class of grey PNGs.

    void Png(string name, int width, int height) =>
        Write(name, ImageFolderWriter.EncodeGrey(Enumerable.Repeat(0.5f, width * height).ToArray(), width, height));

    void ImageFolders()
    {
        Png("images/sizes/a/1.png", 4, 4);
        Png("images/sizes/a/2.png", 4, 4);
        Png("images/sizes/b/1.png", 5, 4);
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "images/empty"));
        Png("images/no-images/a/1.png", 4, 4);
        WriteText("images/no-images/b/readme.txt", "no pictures here");
        Png("images/undecodable/a/1.png", 4, 4);
        WriteText("images/undecodable/b/1.png", "not a png");
    }

    // ---- Experiment configs: the tiny shapes experiment, one field changed in each.

    public static ExperimentConfig TinyConfig() => new()
    {
        Name = "tiny",
        Seed = 1,
        Data = new DataOptions { TrainCount = 8, TestCount = 4, Shapes = new ShapesOptions { Size = 12 } },
        Pipeline = new PipelineSpec
        {
            Layers = [new LayerSpec { Hidden = 4 }, new LayerSpec { Hidden = 2 }],
            Pretrain = new() { Epochs = 1 }, Classifier = new() { Epochs = 1 }, FineTuning = new() { Epochs = 1 },
        },
    };

    void Config(string name, Action<JsonObject> edit)
    {
        var json = JsonNode.Parse(ExperimentJson.Serialize(TinyConfig()))!.AsObject();
        edit(json);
        WriteText($"config/{name}.json", json.ToJsonString());
    }

    static JsonObject At(JsonObject root, string path) => path.Length == 0 ? root :
        path.Split('.').Aggregate(root, (node, key) => key.EndsWith(']')
            ? node[key[..key.IndexOf('[')]]![int.Parse(key[(key.IndexOf('[') + 1)..^1])]!.AsObject()
            : node[key]!.AsObject());

    void Set(string name, string objectPath, string key, JsonNode? value) =>
        Config(name, root => At(root, objectPath)[key] = value);

    void Configs()
    {
        WriteText("config/empty.json", "");
        WriteText("config/truncated.json", "{ \"name\": \"tiny\",");
        WriteText("config/array.json", "[]");
        WriteText("config/null.json", "null");
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "config/folder.json"));
        Config("unknown-field", c => c["colour"] = "blue");
        Config("unknown-nested", c => At(c, "pipeline.layers[1].loss")["gamma"] = 1);
        Config("unknown-typo", c => At(c, "pipeline.layers[0].loss")["betta"] = 4);
        Config("seed-text", c => c["seed"] = "one");
        Config("seed-negative", c => c["seed"] = -1);
        Config("name-null", c => c["name"] = null);
        Set("rho-layer2", "pipeline.layers[1].loss", "rho", 1.5);
        Set("beta-negative", "pipeline.layers[0].loss", "beta", -3);
        Set("epochs-finetuning", "pipeline.fine_tuning", "epochs", 0);
        Set("rate-classifier", "pipeline.classifier", "learning_rate", -1);
        Set("hidden-layer2", "pipeline.layers[1]", "hidden", 0);
        Set("activation", "pipeline.layers[0]", "encoder", "relu");
        Set("optimizer", "pipeline.pretrain", "optimizer", "newton");
        Set("objective", "pipeline.layers[0].loss", "objective", "l1");
        Set("momentum", "pipeline.pretrain", "momentum", 1);
        Set("batch-lbfgs", "pipeline.pretrain", "batch_size", 10);
        Set("lambda", "pipeline", "classifier_lambda", -1);
        Set("exploding", "pipeline.settings", "exploding_gradient_norm", -1);
        Set("no-layers", "pipeline", "layers", new JsonArray());
        Set("input-size", "pipeline", "input_size", 784);
        Set("device", "", "device", "tpu");
        Set("cuda", "", "device", "cuda");
        Set("dtype", "", "dtype", "float16");
        Set("validation", "data", "validation_fraction", 2);
        Set("source", "data", "source", "parquet");
        Set("csv-no-path", "data", "source", "csv");
        foreach (var csv in new[] { "ragged", "text", "nan", "empty", "blank", "header-only", "one-class", "quote", "latin1" })
            CsvConfig(csv, $"{Path}/csv/{csv}.csv");
        CsvConfig("empty-gz", $"{Path}/csv/empty.csv.gz");
        CsvConfig("plain-gz", $"{Path}/csv/plain.csv.gz");
        CsvConfig("unreadable", "/proc/self/mem");
        CsvConfig("folder", $"{Path}/csv");
        CsvConfig("label-column", $"{Path}/csv/ok.csv", label: "target");
        CsvConfig("input-size", $"{Path}/csv/ok.csv", inputSize: 5);
        Config("folder-sizes", c => { c["data"]!["source"] = "folder"; c["data"]!["paths"] = new JsonArray($"{Path}/images/sizes"); });
    }

    void CsvConfig(string name, string path, string? label = null, int? inputSize = null) => Config($"csv-{name}", c =>
    {
        c["data"]!["source"] = "csv";
        c["data"]!["paths"] = new JsonArray(path);
        if (label is not null) c["data"]!["label_column"] = label;
        if (inputSize is not null) c["pipeline"]!["input_size"] = inputSize;
    });

    // ---- Trained models (archives without config.json, as torchae import writes them) for encode/reconstruct/evaluate:
    // "three" takes 3 features (csv/ok.csv's) and keeps no autoencoders; "four" takes 4 and keeps its autoencoder.

    void Models()
    {
        var g = new TorchSharp.torch.Generator(3);
        foreach (var (name, inputs) in new[] { ("three", 3), ("four", 4) })
        {
            var ae = new TorchAe.Models.SparseAutoencoder(inputs, 2, TorchAe.Kernels.Activation.Sigmoid, TorchAe.Kernels.Activation.Sigmoid, g, TorchSharp.torch.ScalarType.Float64);
            var stack = new TorchAe.Models.StackedAutoencoder([(ae.Encoder, TorchAe.Kernels.Activation.Sigmoid)], new TorchAe.Models.SoftmaxClassifier(2, 2, g, TorchSharp.torch.ScalarType.Float64));
            TorchAe.Interop.StackArchive.Save(System.IO.Path.Combine(Path, "models", name), new TorchAe.Interop.TrainedModel(stack, ["0", "1"]) { Autoencoders = name == "four" ? [ae] : [] });
        }
    }

    // ---- Run folders that cannot be resumed with the tiny shapes options.

    void Runs()
    {
        var printed = Torchae.Run([.. TinyShapes, "--print-config"]);
        if (printed.Code != 0) throw new InvalidOperationException(printed.Error);
        var tiny = printed.Output;
        var other = Torchae.Run([.. TinyShapes, "--seed", "9", "--print-config"]).Output;

        WriteText("runs/no-checkpoint/config.json", tiny);
        WriteText("runs/other-config/config.json", other);
        WriteText("runs/bad-state/config.json", tiny);
        WriteText("runs/bad-state/checkpoint/state.json", "{ \"stage\": ");
        WriteText("runs/no-tensors/config.json", tiny);
        new CheckpointStore(System.IO.Path.Combine(Path, "runs/no-tensors")).Save(new CheckpointState { CompletedStages = 1 }, [], null);
        File.Delete(System.IO.Path.Combine(Path, "runs/no-tensors/checkpoint/tensors-1.safetensors"));
        WriteText("runs/old-format/config.json", tiny);
        WriteText("runs/old-format/checkpoint/state.json", "{ \"stage\": 1, \"epoch\": 0, \"metrics_rows\": 3, \"tensor_file\": \"tensors-1.bin\" }");
        WriteText("runs/short-metrics/config.json", tiny);
        new CheckpointStore(System.IO.Path.Combine(Path, "runs/short-metrics")).Save(new CheckpointState { MetricsRows = 5 }, [], null);
        TorchAe.Reporting.Csv.MetricsCsv.Write(System.IO.Path.Combine(Path, "runs/short-metrics/metrics.csv"), []);
        Directory.CreateDirectory(System.IO.Path.Combine(Path, "runs/not-a-run"));
    }
}
