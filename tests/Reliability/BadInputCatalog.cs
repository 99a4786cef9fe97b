namespace TorchAe.Tests.Reliability;

/// <summary>One input that torchae must refuse: the command line (<c>{dir}</c> stands for the folder of
/// <see cref="BadInputFiles"/>) and the one line it must print on stderr, with exit code 2.</summary>
public sealed record BadInput(string Id, string What, IReadOnlyList<string> Args, string Expected)
{
    public override string ToString() => Id;
}

/// <summary>Every bad input tried, grouped as in docs/reliability.md: options, the run folder, experiment configs and
/// data files. Commands that would write get <c>--out {dir}/out</c>, which must still not exist afterwards.</summary>
public static class BadInputCatalog
{
    const string Out = "{dir}/out";
    static readonly string[] Tiny = BadInputFiles.TinyShapes;

    static BadInput Shapes(string id, string what, string expected, params string[] args) =>
        new(id, what, ["shapes", .. args, "--out", Out], expected);

    static BadInput Sweep(string id, string what, string expected, params string[] args)
    {
        int split = Array.IndexOf(args, "--");
        string[] own = split < 0 ? args : args[..split], rest = split < 0 ? [] : args[split..];
        return new(id, what, ["sweep", .. own, "--out", Out, .. rest], expected);
    }

    static BadInput TinyRun(string id, string what, string expected, params string[] args) =>
        new(id, what, [.. Tiny, .. args], expected);

    /// <summary><c>torchae train --config {dir}/config/FILE.json</c>; the id is the file's name, prefixed with config-
    /// unless it names a data source (csv-…, folder-…).</summary>
    static BadInput Train(string file, string what, string expected) =>
        new(file.StartsWith("csv-") || file.StartsWith("folder-") ? file : $"config-{file}", what,
            ["train", "--config", $"{{dir}}/config/{file}.json", "--out", Out], expected);

    static BadInput Mnist(string id, string what, string expected, string folder) =>
        new(id, what, ["mnist", "--data", $"{{dir}}/{folder}", "--out", Out], expected);

    static BadInput Dataset(string id, string what, string expected, string source, string data) =>
        new(id, what, ["dataset", source, "--data", data, "--out", Out], expected);

    public static IReadOnlyList<BadInput> All { get; } =
    [
        // ---- options
        Shapes("rho-above-1", "ρ above 1", "torchae shapes: --rho must be in (0, 1), got 1.5", "--rho", "1.5"),
        Shapes("rho-zero", "ρ = 0", "torchae shapes: --rho must be in (0, 1), got 0", "--rho", "0"),
        Shapes("rho-one", "ρ = 1", "torchae shapes: --rho must be in (0, 1), got 1", "--rho", "1"),
        Shapes("rho-nan", "ρ not a number", "torchae shapes: --rho must be a number, got 'nan'", "--rho", "nan"),
        Shapes("beta-negative", "β negative", "torchae shapes: --beta must be a finite number >= 0, got -1", "--beta", "-1"),
        Shapes("alpha-negative", "α negative", "torchae shapes: --alpha must be a finite number >= 0, got -0.5", "--alpha", "-0.5"),
        Shapes("rate-zero", "η = 0", "torchae shapes: --learning-rate must be a finite number > 0, got 0", "--learning-rate", "0"),
        Shapes("rate-negative", "η negative", "torchae shapes: --learning-rate must be a finite number > 0, got -1", "--learning-rate", "-1"),
        Shapes("rate-infinite", "η infinite", "torchae shapes: --learning-rate must be a number, got 'inf'", "--learning-rate", "inf"),
        Shapes("hidden-zero", "hidden size 0", "torchae shapes: --hidden: the size 0 must be at least 1 (hidden units per layer, e.g. 100,50)", "--hidden", "0"),
        Shapes("hidden-negative", "a negative hidden size", "torchae shapes: --hidden: the size -2 in '30,-2' must be at least 1 (hidden units per layer, e.g. 100,50)", "--hidden", "30,-2"),
        Shapes("hidden-text", "hidden sizes not numbers", "torchae shapes: --hidden: 'abc' is not a number; give the hidden sizes as whole numbers, e.g. 100,50", "--hidden", "abc"),
        Shapes("hidden-exponent", "a hidden size in exponent notation", "torchae shapes: --hidden: '1e9' is not written as a whole number; write the size in digits (1000000000)", "--hidden", "1e9"),
        Shapes("hidden-fraction", "a fractional hidden size", "torchae shapes: --hidden: '2.5' in '100,2.5' is not a whole number of hidden units", "--hidden", "100,2.5"),
        Shapes("epochs-zero", "0 epochs", "torchae shapes: --epochs must be an integer >= 1, got '0'", "--epochs", "0"),
        Shapes("epochs-fraction", "fractional epochs", "torchae shapes: --epochs must be an integer >= 1, got '1.5'", "--epochs", "1.5"),
        Shapes("history-zero", "an L-BFGS memory of 0 pairs", "torchae shapes: --history must be an integer >= 1, got '0'", "--history", "0"),
        Shapes("max-evaluations-zero", "a cap of 0 evaluations per stage", "torchae shapes: --max-evaluations must be an integer >= 1, got '0'", "--max-evaluations", "0"),
        Shapes("batch-negative", "negative batch size", "torchae shapes: --batch-size must be an integer >= 0, got '-1'", "--batch-size", "-1"),
        Shapes("batch-gd", "mini-batches with full-batch gd", "torchae shapes: --batch-size must be 0 (full batch) for gd, got 10", "--optimizer", "gd", "--batch-size", "10"),
        Shapes("optimizer", "unknown optimizer", "torchae shapes: --optimizer must be one of gd, sgd, adam, lbfgs, got 'newton'", "--optimizer", "newton"),
        Shapes("objective", "unknown objective", "torchae shapes: --objective must be one of mean, sum, msesparse, got 'l1'", "--objective", "l1"),
        Shapes("device", "unknown device", "torchae shapes: --device must be one of cpu, cuda, auto, got 'tpu'", "--device", "tpu"),
        Shapes("dtype", "unknown dtype", "torchae shapes: --dtype must be one of float32, float64, got 'float16'", "--dtype", "float16"),
        Shapes("gradients", "unknown gradient source", "torchae shapes: --gradients must be one of autograd, hand, got 'magic'", "--gradients", "magic"),
        Shapes("train-count-zero", "0 training samples", "torchae shapes: --train-count must be an integer >= 4, got '0'", "--train-count", "0"),
        Shapes("size-small", "image side below 8", "torchae shapes: --size must be an integer >= 8, got '4'", "--size", "4"),
        Shapes("seed-negative", "negative seed", "torchae shapes: --seed must be an integer >= 0, got '-1'", "--seed", "-1"),
        Shapes("threads-negative", "negative thread count", "torchae shapes: --threads must be an integer >= 0, got '-1'", "--threads", "-1"),
        Shapes("validation-above", "validation share above 0.9", "torchae shapes: --validation-fraction must be in [0, 0.9], got 1.5", "--validation-fraction", "1.5"),
        Shapes("early-stopping-alone", "early stopping without a validation set", "torchae shapes: --early-stopping needs a validation set: give --validation-fraction (e.g. 0.1)", "--early-stopping", "3"),
        Shapes("early-stopping-negative", "early stopping patience -1", "torchae shapes: --early-stopping must be an integer >= 0, got '-1'", "--early-stopping", "-1", "--validation-fraction", "0.1"),
        Shapes("checkpoint-negative", "negative checkpoint interval", "torchae shapes: --checkpoint-every must be an integer >= 0, got '-1'", "--checkpoint-every", "-1"),
        Shapes("compare-rho", "a compared ρ outside (0, 1)", "torchae shapes: --compare-rho values must be in (0, 1), got '2'", "--compare-rho", "0.05,2"),
        Shapes("noise-negative", "negative noise", "torchae shapes: --noise must be a finite number >= 0, got -1", "--noise", "-1"),
        Shapes("jitter-negative", "negative jitter", "torchae shapes: --jitter must be a finite number >= 0, got -1", "--jitter", "-1"),
        Shapes("radius-negative", "negative radius", "torchae shapes: --radius-min must be a finite number > 0, got -1", "--radius-min", "-1"),
        Shapes("size-default-radius", "image side too small for the default radius", "torchae shapes: --radius-max must be a number <= 3 for size 8 (the shape must stay 1 px inside the frame), got 3.2", "--size", "8", "--train-count", "8", "--test-count", "4"),
        TinyRun("radius-order", "smallest radius above the largest", "torchae shapes: --radius-max must be a number >= radius_min (6), got 3", "--radius-min", "6", "--radius-max", "3", "--out", Out),
        Shapes("unknown-option", "unknown option", "torchae shapes: unknown option --bogus (see --help)", "--bogus"),
        Shapes("misspelled-option", "misspelled option", "torchae shapes: unknown option --trian-count (did you mean --train-count?)", "--trian-count", "5"),
        Shapes("missing-value", "option without its value", "torchae shapes: --rho needs a value", "--rho"),
        Shapes("twice", "option given twice", "torchae shapes: --seed is given twice", "--seed", "2", "--seed", "3"),
        Shapes("flag-value", "flag given a value", "torchae shapes: --quiet takes no value, got 'yes'", "--quiet=yes"),
        Shapes("positional", "stray argument", "torchae shapes: unexpected argument 'extra' (options start with --; see --help)", "extra"),
        new("command", "unknown command", ["fit", "--out", Out], "torchae: unknown command 'fit'; commands: bench, dataset, device, encode, evaluate, export, gradcheck, import, mnist, patches, reconstruct, sda, shapes, sweep, train"),
        new("command-misspelled", "misspelled command", ["shape", "--out", Out], "torchae: unknown command 'shape' (did you mean shapes?); commands: bench, dataset, device, encode, evaluate, export, gradcheck, import, mnist, patches, reconstruct, sda, shapes, sweep, train"),
        new("mnist-no-data", "mnist without --data", ["mnist", "--out", Out], "torchae mnist: --data is required (see --help)"),
        new("train-no-config", "train without --config", ["train", "--out", Out], "torchae train: --config is required (see --help)"),
        new("dataset-source", "unknown data source", ["dataset", "parquet", "--out", Out], "torchae dataset: SOURCE must be one of shapes, mnist, csv, patches, folder, got 'parquet'"),
        new("dataset-option", "option of another source", ["dataset", "csv", "--data", "{dir}/csv/ok.csv", "--size", "8", "--out", Out], "torchae dataset: --size applies only to shapes, not csv"),

        // ---- the run folder
        TinyRun("out-under-file", "--out below a regular file", "torchae shapes: --out {dir}/afile/run is not writable: {dir}/afile is a file, not a folder", "--out", "{dir}/afile/run"),
        TinyRun("out-proc", "--out in /proc (not writable, even for root)", "torchae shapes: --out /proc/torchae-run is not writable: Could not find file '/proc/torchae-run'.", "--out", "/proc/torchae-run"),
        TinyRun("out-is-file", "--out is a file", "torchae shapes: --out {dir}/afile is a file, not a folder", "--out", "{dir}/afile"),
        TinyRun("out-holds-run", "--out holds another run", "torchae shapes: --out {dir}/runs/no-checkpoint already holds a run (config.json); use --force to replace it or --resume {dir}/runs/no-checkpoint to continue it", "--out", "{dir}/runs/no-checkpoint"),
        new("out-and-resume", "--out with --resume", ["shapes", "--out", Out, "--resume", "{dir}/runs/no-checkpoint"], "torchae shapes: --out and --resume exclude each other (--resume DIR continues the run in DIR)"),
        TinyRun("resume-missing", "--resume of a folder that does not exist", "torchae shapes: --resume {dir}/runs/missing: no such folder", "--resume", "{dir}/runs/missing"),
        TinyRun("resume-not-run", "--resume of a folder that is no run", "torchae shapes: --resume {dir}/runs/not-a-run: no config.json there, so it is not a TorchAe run folder", "--resume", "{dir}/runs/not-a-run"),
        TinyRun("resume-other", "--resume of a run with another configuration", "torchae shapes: --resume {dir}/runs/other-config: that run was made with another configuration ($.seed was 9, now 1); leave that option out (the run's config.json is used) or start a new run", "--seed", "1", "--resume", "{dir}/runs/other-config"),
        TinyRun("resume-bad-state", "--resume with a damaged checkpoint/state.json", "torchae shapes: {dir}/runs/bad-state/checkpoint/state.json: unreadable checkpoint state: Expected depth to be zero at the end of the JSON payload. There is an open JSON object or array that should be closed. Path: $.stage | LineNumber: 0 | BytePositionInLine: 11.", "--resume", "{dir}/runs/bad-state"),
        TinyRun("resume-no-tensors", "--resume with the checkpoint's tensor file gone", "torchae shapes: {dir}/runs/no-tensors/checkpoint/tensors-1.safetensors: the checkpoint's tensor file is missing", "--resume", "{dir}/runs/no-tensors"),
        TinyRun("resume-old-format", "--resume of a run whose checkpoint an older TorchAe wrote", "torchae shapes: {dir}/runs/old-format/checkpoint/state.json: a checkpoint of format 1 (an older TorchAe); this version resumes format 2 only: start the run again", "--resume", "{dir}/runs/old-format"),
        TinyRun("resume-short-metrics", "--resume with metrics.csv shorter than the checkpoint", "torchae shapes: --resume {dir}/runs/short-metrics: {dir}/runs/short-metrics/metrics.csv has 0 complete rows; resuming needs its first 5", "--resume", "{dir}/runs/short-metrics"),

        // ---- experiment configs (torchae train --config)
        new("config-missing", "config file that does not exist", ["train", "--config", "{dir}/config/missing.json", "--out", Out], "torchae train: {dir}/config/missing.json: cannot read: Could not find file '{dir}/config/missing.json'."),
        Train("folder", "config path is a folder", "torchae train: {dir}/config/folder.json: is a folder, expected a JSON file"),
        Train("empty", "empty config file", "torchae train: {dir}/config/empty.json: empty file, expected an experiment as JSON (--print-config writes one)"),
        Train("truncated", "config JSON cut off", "torchae train: {dir}/config/truncated.json: $: Expected start of a property name or value, but instead reached end of data."),
        Train("array", "config JSON not an object", "torchae train: {dir}/config/array.json: $: wrong type or value, expected an object"),
        Train("null", "config JSON null", "torchae train: {dir}/config/null.json: the file holds null, not an experiment"),
        Train("unknown-field", "unknown field", "torchae train: {dir}/config/unknown-field.json: $.colour: unknown field 'colour'"),
        Train("unknown-nested", "unknown nested field", "torchae train: {dir}/config/unknown-nested.json: $.pipeline.layers[1].loss.gamma: unknown field 'gamma'"),
        Train("unknown-typo", "misspelt field", "torchae train: {dir}/config/unknown-typo.json: $.pipeline.layers[0].loss.betta: unknown field 'betta' (did you mean beta?)"),
        Train("seed-text", "wrong type", "torchae train: {dir}/config/seed-text.json: $.seed: wrong type or value, expected an integer"),
        Train("seed-negative", "negative seed", "torchae train: {dir}/config/seed-negative.json: $.seed: wrong type or value, expected an integer"),
        Train("name-null", "null for a required string", "torchae train: {dir}/config/name-null.json: $.name: null is not allowed here"),
        Train("rho-layer2", "ρ of layer 2 above 1", "torchae train: {dir}/config/rho-layer2.json: $.pipeline.layers[1].loss.rho: rho must be in (0, 1), got 1.5"),
        Train("beta-negative", "β negative", "torchae train: {dir}/config/beta-negative.json: $.pipeline.layers[0].loss.beta: beta must be a finite number >= 0, got -3"),
        Train("epochs-finetuning", "0 fine-tuning epochs", "torchae train: {dir}/config/epochs-finetuning.json: $.pipeline.fine_tuning.epochs: epochs must be an integer > 0, got 0"),
        Train("rate-classifier", "negative classifier η", "torchae train: {dir}/config/rate-classifier.json: $.pipeline.classifier.learning_rate: learning_rate must be a finite number > 0, got -1"),
        Train("hidden-layer2", "hidden size 0 in layer 2", "torchae train: {dir}/config/hidden-layer2.json: $.pipeline.layers[1].hidden: hidden must be an integer > 0, got 0"),
        Train("activation", "unknown activation", "torchae train: {dir}/config/activation.json: $.pipeline.layers[0].encoder: wrong type or value, expected one of sigmoid, tanh, linear"),
        Train("optimizer", "unknown optimizer", "torchae train: {dir}/config/optimizer.json: $.pipeline.pretrain.optimizer: wrong type or value, expected one of gd, sgd, adam, lbfgs"),
        Train("objective", "unknown objective", "torchae train: {dir}/config/objective.json: $.pipeline.layers[0].loss.objective: wrong type or value, expected one of mean, sum, msesparse"),
        Train("momentum", "momentum 1", "torchae train: {dir}/config/momentum.json: $.pipeline.pretrain.momentum: momentum must be in [0, 0.999999], got 1"),
        Train("batch-lbfgs", "mini-batches with L-BFGS", "torchae train: {dir}/config/batch-lbfgs.json: $.pipeline.pretrain.batch_size: must be 0 (full batch) for lbfgs, got 10"),
        Train("lambda", "negative classifier λ", "torchae train: {dir}/config/lambda.json: $.pipeline.classifier_lambda: classifier_lambda must be a finite number >= 0, got -1"),
        Train("exploding", "negative exploding-gradient bar", "torchae train: {dir}/config/exploding.json: $.pipeline.settings.exploding_gradient_norm: exploding_gradient_norm must be a finite number > 0, got -1"),
        Train("no-layers", "no layers", "torchae train: {dir}/config/no-layers.json: $.pipeline.layers: at least one layer is needed"),
        Train("input-size", "first layer's input size ≠ the data's", "torchae train: pipeline.input_size must be 144 (the data's feature count), got 784"),
        Train("device", "unknown device", "torchae train: {dir}/config/device.json: $.device: wrong type or value, expected one of cpu, cuda, auto"),
        Train("dtype", "unknown dtype", "torchae train: {dir}/config/dtype.json: $.dtype: wrong type or value, expected one of float32, float64"),
        Train("validation", "validation share 2", "torchae train: {dir}/config/validation.json: $.data.validation_fraction: validation_fraction must be in [0, 0.9], got 2"),
        Train("source", "unknown data source", "torchae train: {dir}/config/source.json: $.data.source: wrong type or value, expected one of shapes, mnist, csv, patches, folder"),
        Train("csv-no-path", "csv source without a path", "torchae train: {dir}/config/csv-no-path.json: $.data.paths: csv needs at least one path"),
        Train("cuda", "CUDA on a machine without it (skipped where CUDA is available)", "torchae train: device must be cpu or auto on this machine (CUDA is not available), got 'cuda'"),

        // ---- sweeps (torchae sweep): refused before the first run starts
        Sweep("sweep-seeds-empty", "an empty seed list", "torchae sweep: --seeds must be a list like 1-10 or 1,3,5 of integers >= 0, got '' (an empty entry)", "--seeds", "", "--", "shapes"),
        Sweep("sweep-seeds-backwards", "a seed range that runs backwards", "torchae sweep: --seeds must be a list like 1-10 or 1,3,5 of integers >= 0, got '3-1' (the range 3-1 runs backwards)", "--seeds", "3-1", "--", "shapes"),
        Sweep("sweep-seeds-text", "a seed that is not a number", "torchae sweep: --seeds must be a list like 1-10 or 1,3,5 of integers >= 0, got 'one' ('one' is not an integer >= 0)", "--seeds", "one", "--", "shapes"),
        Sweep("sweep-seeds-twice", "a seed listed twice", "torchae sweep: --seeds must be a list like 1-10 or 1,3,5 of integers >= 0, got '1-3,2' (seed 2 twice)", "--seeds", "1-3,2", "--", "shapes"),
        Sweep("sweep-seeds-no-value", "--seeds without a list before --", "torchae sweep: --seeds needs a value", "--seeds", "--", "shapes"),
        Sweep("sweep-no-seeds", "a sweep without --seeds", "torchae sweep: --seeds is required (see --help)", "--", "shapes"),
        Sweep("sweep-no-command", "a sweep without a command after --", "torchae sweep: give the command to sweep after --, e.g. torchae sweep --seeds 1-3 -- shapes", "--seeds", "1-2"),
        Sweep("sweep-command", "a command that does not train", "torchae sweep: the swept command must be one of mnist, patches, sda, shapes, train, got 'gradcheck'", "--seeds", "1-2", "--", "gradcheck"),
        Sweep("sweep-vary-unknown", "a varied key the command does not have", "torchae sweep: --vary colour: shapes has no option --colour (see torchae shapes --help)", "--seeds", "1-2", "--vary", "colour=red,blue", "--", "shapes"),
        Sweep("sweep-vary-typo", "a misspelt varied key", "torchae sweep: --vary betta: shapes has no option --betta (did you mean beta?)", "--seeds", "1-2", "--vary", "betta=3,4", "--", "shapes"),
        Sweep("sweep-vary-empty", "a varied key without values", "torchae sweep: --vary rho has no values (give them as rho=V1,V2,…), got 'rho='", "--seeds", "1-2", "--vary", "rho=", "--", "shapes"),
        Sweep("sweep-vary-no-equals", "--vary without =", "torchae sweep: --vary must be KEY=V1,V2,… (an option of the command without its dashes, e.g. rho=0.05,0.25), got 'rho'", "--seeds", "1-2", "--vary", "rho", "--", "shapes"),
        Sweep("sweep-vary-value-twice", "a varied value listed twice", "torchae sweep: --vary rho lists the value '0.1' twice", "--seeds", "1-2", "--vary", "rho=0.1,0.1", "--", "shapes"),
        Sweep("sweep-vary-refused", "a varied value the command refuses", "torchae sweep: shapes refuses run rho-1.5_seed-1: --rho must be in (0, 1), got 1.5", "--seeds", "1-2", "--vary", "rho=0.05,1.5", "--", "shapes"),
        Sweep("sweep-vary-list-refused", "a list value the command refuses", "torchae sweep: shapes refuses run hidden-100:0_seed-1: --hidden: the size 0 in '100,0' must be at least 1 (hidden units per layer, e.g. 100,50)", "--seeds", "1-2", "--vary", "hidden=100:50,100:0", "--", "shapes"),
        Sweep("sweep-vary-seed", "varying the seed with --vary", "torchae sweep: --vary seed: the sweep sets --seed itself (--seeds LIST, --out DIR)", "--seeds", "1-2", "--vary", "seed=1,2", "--", "shapes"),
        Sweep("sweep-vary-flag", "varying a flag", "torchae sweep: --vary no-finetune: --no-finetune is a flag of shapes and takes no value", "--seeds", "1-2", "--vary", "no-finetune=a,b", "--", "shapes"),
        Sweep("sweep-vary-twice", "the same key varied twice", "torchae sweep: --vary rho is given twice (list its values once: rho=V1,V2,…)", "--seeds", "1-2", "--vary", "rho=0.1", "--vary", "rho=0.2", "--", "shapes"),
        Sweep("sweep-vary-fixed", "a key both varied and fixed", "torchae sweep: --rho is both varied (--vary rho=…) and given to shapes; give it once", "--seeds", "1-2", "--vary", "rho=0.1,0.2", "--", "shapes", "--rho", "0.3"),
        Sweep("sweep-fixed-out", "a run folder option in the swept command", "torchae sweep: shapes --out: the sweep sets it for each run (--seeds LIST, --out DIR); leave it out of the command", "--seeds", "1-2", "--", "shapes", "--out", "{dir}/x"),
        Sweep("sweep-fixed-unknown", "an unknown option in the swept command", "torchae sweep: shapes refuses run seed-1: unknown option --colour (see --help)", "--seeds", "1-2", "--", "shapes", "--colour", "red"),
        new("sweep-resume-missing", "--resume of a sweep folder that does not exist", ["sweep", "--resume", "{dir}/runs/missing"], "torchae sweep: --resume {dir}/runs/missing: no such folder"),
        new("sweep-resume-not-sweep", "--resume of a folder without sweep.json", ["sweep", "--resume", "{dir}/runs/not-a-run"], "torchae sweep: --resume {dir}/runs/not-a-run: no sweep.json there, so it is not a torchae sweep folder"),
        new("sweep-collect-not-sweep", "--collect of a folder without sweep.json", ["sweep", "--collect", "{dir}/runs/not-a-run"], "torchae sweep: --collect {dir}/runs/not-a-run: no sweep.json there, so it is not a torchae sweep folder"),
        new("sweep-resume-extra", "--resume with a new definition", ["sweep", "--resume", "{dir}/runs/not-a-run", "--seeds", "1"], "torchae sweep: --resume DIR takes the sweep from DIR/sweep.json; give no other option and no command"),

        // ---- data files
        Mnist("mnist-missing", "MNIST folder that does not exist", "torchae mnist: {dir}/mnist/missing: no such file or folder", "mnist/missing"),
        Mnist("mnist-empty", "empty MNIST folder", "torchae mnist: {dir}/mnist/empty: holds no train-images-idx3-ubyte or train-images-idx3-ubyte.gz", "mnist/empty"),
        Mnist("mnist-magic", "wrong magic number", "torchae mnist: {dir}/mnist/magic/train-images-idx3-ubyte: wrong magic number 0x00000801, expected 0x00000803 (IDX images) — this is a labels file", "mnist/magic"),
        Mnist("mnist-truncated", "images file truncated", "torchae mnist: {dir}/mnist/truncated/train-images-idx3-ubyte: truncated: the header promises 30 images of 4×4 (496 bytes), the file has 491 bytes", "mnist/truncated"),
        Mnist("mnist-larger", "file larger than its header claims", "torchae mnist: {dir}/mnist/larger/train-images-idx3-ubyte: larger than its header claims: 499 bytes, the header promises 30 images of 4×4 (496 bytes)", "mnist/larger"),
        Mnist("mnist-counts", "label and image counts disagree", "torchae mnist: {dir}/mnist/counts/train-labels-idx1-ubyte: holds 29 labels but train-images-idx3-ubyte holds 30 images", "mnist/counts"),
        Mnist("mnist-label", "label outside 0..9", "torchae mnist: {dir}/mnist/label/train-labels-idx1-ubyte: label 12 at index 2 is outside 0..9", "mnist/label"),
        Mnist("mnist-empty-file", "empty (0-byte) file", "torchae mnist: {dir}/mnist/empty-file/train-labels-idx1-ubyte: empty file (0 bytes)", "mnist/empty-file"),
        Mnist("mnist-short-header", "file shorter than its header", "torchae mnist: {dir}/mnist/short-header/train-images-idx3-ubyte: truncated: 10 bytes, shorter than the 16-byte IDX images header", "mnist/short-header"),
        Mnist("mnist-negative", "negative dimension in the header", "torchae mnist: {dir}/mnist/negative/train-images-idx3-ubyte: the header gives dimension 1 as -1, expected a positive size", "mnist/negative"),
        Mnist("mnist-gz-empty", "zero-byte .gz", "torchae mnist: {dir}/mnist/gz-empty/train-images-idx3-ubyte.gz: empty file (0 bytes)", "mnist/gz-empty"),
        Mnist("mnist-gz-plain", ".gz that is not gzip", "torchae mnist: {dir}/mnist/gz-not-gzip/train-images-idx3-ubyte.gz: not a gzip file (starts with 0x00 0x00, expected 0x1F 0x8B)", "mnist/gz-not-gzip"),
        Mnist("mnist-gz-truncated", "truncated .gz", "torchae mnist: {dir}/mnist/gz-truncated/train-images-idx3-ubyte.gz: truncated or corrupt gzip data: its trailer promises 4007775396 bytes, more than 296 compressed bytes can hold (at most 305472)", "mnist/gz-truncated"),
        Mnist("mnist-not-idx", "a file not named like MNIST", "torchae mnist: {dir}/csv/ok.csv: is not named like an MNIST images file (…images-idx3-ubyte[.gz]), so its labels file cannot be found", "csv/ok.csv"),
        Train("csv-ragged", "ragged CSV", "torchae train: {dir}/csv/ragged.csv: line 3: 3 cells, expected 4 as on line 1"),
        Train("csv-text", "non-numeric CSV cell", "torchae train: {dir}/csv/text.csv: line 3, column 2 ('b'): 'x' is not a number"),
        Train("csv-nan", "NaN in a CSV cell", "torchae train: {dir}/csv/nan.csv: line 2, column 3 ('c'): 'nan' is not a finite number"),
        Train("csv-empty", "empty CSV file", "torchae train: {dir}/csv/empty.csv: empty file (0 bytes)"),
        Train("csv-blank", "CSV of blank lines", "torchae train: {dir}/csv/blank.csv: holds no rows (only blank lines)"),
        Train("csv-header-only", "CSV header without rows", "torchae train: {dir}/csv/header-only.csv: holds a header but no data rows"),
        Train("csv-one-class", "one class only (a classifier needs 2)", "torchae train: {dir}/csv/one-class.csv: holds 1 class (7); a classifier needs at least 2"),
        Train("csv-quote", "unterminated quote", "torchae train: {dir}/csv/quote.csv: line 2, column 2: unterminated quoted cell starting at character 3"),
        Train("csv-latin1", "CSV not UTF-8", "torchae train: {dir}/csv/latin1.csv: not UTF-8 text (invalid byte at offset 12)"),
        Train("csv-empty-gz", "zero-byte .csv.gz", "torchae train: {dir}/csv/empty.csv.gz: empty file (0 bytes)"),
        Train("csv-plain-gz", ".csv.gz that is not gzip", "torchae train: {dir}/csv/plain.csv.gz: not a gzip file (starts with 0x61 0x2C, expected 0x1F 0x8B)"),
        Train("csv-unreadable", "unreadable path", "torchae train: /proc/self/mem: cannot be read (Input/output error : '/proc/self/mem')"),
        Train("csv-folder", "a folder where a file belongs", "torchae train: {dir}/csv: is a folder, expected a file"),
        Train("csv-label-column", "label column that does not exist", "torchae train: {dir}/csv/ok.csv: no column named 'target' (columns: a, b, c, label)"),
        Train("csv-input-size", "input size ≠ the CSV's feature count", "torchae train: pipeline.input_size must be 3 (the data's feature count), got 5"),
        Train("folder-sizes", "image of another size (train)", "torchae train: {dir}/images/sizes/b/1.png: is 5×4 pixels, but {dir}/images/sizes/a/1.png is 4×4; give a resize (--resize 4x4) to scale every image to one size"),
        Dataset("dataset-ragged", "ragged CSV (dataset)", "torchae dataset: {dir}/csv/ragged.csv: line 3: 3 cells, expected 4 as on line 1", "csv", "{dir}/csv/ragged.csv"),
        Dataset("dataset-empty-gz", "zero-byte .gz (dataset)", "torchae dataset: {dir}/csv/empty.csv.gz: empty file (0 bytes)", "csv", "{dir}/csv/empty.csv.gz"),
        Dataset("dataset-mnist", "truncated MNIST (dataset)", "torchae dataset: {dir}/mnist/truncated/train-images-idx3-ubyte: truncated: the header promises 30 images of 4×4 (496 bytes), the file has 491 bytes", "mnist", "{dir}/mnist/truncated"),
        Dataset("dataset-sizes", "image of another size (dataset)", "torchae dataset: {dir}/images/sizes/b/1.png: is 5×4 pixels, but {dir}/images/sizes/a/1.png is 4×4; give a resize (--resize 4x4) to scale every image to one size", "folder", "{dir}/images/sizes"),
        Dataset("dataset-empty-folder", "empty image folder", "torchae dataset: {dir}/images/empty: holds no class sub-folders (expected one sub-folder of PNG/JPEG files per class)", "folder", "{dir}/images/empty"),
        Dataset("dataset-no-images", "class folder without images", "torchae dataset: {dir}/images/no-images/b: holds no PNG or JPEG files (every class sub-folder needs at least one)", "folder", "{dir}/images/no-images"),
        Dataset("dataset-undecodable", "PNG that does not decode", "torchae dataset: {dir}/images/undecodable/b/1.png: cannot be decoded as a PNG or JPEG image", "folder", "{dir}/images/undecodable"),
        // ---- trained models (encode, reconstruct, evaluate)
        new("use-run-missing", "--run folder that does not exist", ["evaluate", "--run", "{dir}/models/missing", "--out", Out], "torchae evaluate: --run {dir}/models/missing: no such folder"),
        new("use-run-no-model", "--run folder without a model", ["encode", "--run", "{dir}/runs/not-a-run", "--out", $"{Out}/codes.csv"], "torchae encode: --run {dir}/runs/not-a-run: holds no model.json (a run folder of a supervised run, or a folder made by torchae import)"),
        new("use-no-data", "an imported archive without --data", ["reconstruct", "--run", "{dir}/models/four", "--out", Out], "torchae reconstruct: --run {dir}/models/four: no config.json to rebuild its test set from (an imported archive); give --data"),
        new("use-features", "data whose feature count does not fit the model", ["encode", "--run", "{dir}/models/four", "--data", "{dir}/csv/ok.csv", "--out", $"{Out}/codes.csv"], "torchae encode: --data {dir}/csv/ok.csv: 3 features per sample, the model in {dir}/models/four takes 4"),
        new("use-labels", "labels outside the model's classes", ["evaluate", "--run", "{dir}/models/three", "--data", "{dir}/csv/three-classes.csv", "--out", Out], "torchae evaluate: --data {dir}/csv/three-classes.csv: label '2' is not one of the model's classes (0, 1)"),
        new("use-no-autoencoders", "reconstruct with an archive that kept no autoencoders", ["reconstruct", "--run", "{dir}/models/three", "--data", "{dir}/csv/ok.csv", "--out", Out], "torchae reconstruct: --run {dir}/models/three: its archive holds no pretrained autoencoders (written before TorchAe kept them, or imported from a file without autoencoders.<l>.* entries)"),
        new("use-layer", "--layer beyond the model's layers", ["encode", "--run", "{dir}/models/three", "--data", "{dir}/csv/ok.csv", "--layer", "2", "--out", $"{Out}/codes.csv"], "torchae encode: --layer must be in 1 … 1 (the model's encoder layers), got 2"),
        new("use-encode-exists", "encode --out that exists", ["encode", "--run", "{dir}/models/three", "--data", "{dir}/csv/ok.csv", "--out", "{dir}/afile"], "torchae encode: --out {dir}/afile already exists; choose another file or add --force"),
        new("use-source", "--source that is not a data source", ["evaluate", "--run", "{dir}/models/three", "--data", "{dir}/csv/ok.csv", "--source", "shapes"], "torchae evaluate: --source must be one of csv, folder, mnist, got 'shapes'"),
        new("patches-missing", "photograph that does not exist", ["patches", "--image", "{dir}/missing.pgm", "--out", Out], "torchae patches: {dir}/missing.pgm: no such file or folder"),
        new("patches-ascii", "ASCII (P2) PGM", ["patches", "--image", "{dir}/photo.pgm", "--out", Out], "torchae patches: {dir}/photo.pgm: not a binary PGM: starts with 'P2', expected 'P5'"),
        // ---- feature scaling (--scale)
        TinyRun("scale-standard-sigmoid", "z-scores for a sigmoid decoder", "torchae shapes: --scale standard (data.scale) gives values outside [0, 1] (z-scores), which the first layer's sigmoid decoder cannot reconstruct; use --scale minmax, or a linear decoder (pipeline.layers[0].decoder = \"linear\")", "--scale", "standard"),
        Shapes("scale-unknown", "unknown scaling", "torchae shapes: --scale must be one of auto, none, minmax, standard, got 'unit'", "--scale", "unit"),
        // ---- initialisation (--init)
        Shapes("init", "unknown initialisation", "torchae shapes: --init must be one of pretrained, random, got 'zeros'", "--init", "zeros"),
        Shapes("init-random-no-finetune", "random initialisation without fine-tuning", "torchae shapes: --init random trains by fine-tuning alone; it excludes --no-finetune", "--init", "random", "--no-finetune"),
        new("patches-init-random", "random initialisation of unlabelled patches", ["patches", "--image", "{dir}/missing.pgm", "--init", "random", "--out", Out], "torchae patches: --init random needs classes to train on, and patches have none (use --init pretrained)"),
    ];
}
