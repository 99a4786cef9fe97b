using TorchAe.Models;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace TorchAe.Interop;

/// <summary>A view of a <see cref="TrainedModel"/> as one module, so that its state_dict has the archive's flat names
/// (<c>encoders.0.weight</c>, …, <c>classifier.bias</c>, <c>autoencoders.0.encoder.weight</c>, …) for TorchSharp's
/// save/load and PyBridge's <c>save_py</c>. It shares the model's modules (no copies); never dispose it.</summary>
sealed class ModelBundle : Module
{
    public ModelBundle(TrainedModel model) : base("TorchAeModel")
    {
        register_module("encoders", (ModuleList<Linear>)model.Stack.Encoders);
        register_module("classifier", model.Stack.Classifier);
        if (model.Autoencoders.Count > 0)
            register_module("autoencoders", new ModuleList<SparseAutoencoder>(model.Autoencoders.ToArray()));
    }
}
