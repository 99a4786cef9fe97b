using TorchSharp.Modules;

namespace TorchAe.Training.Optimizers;

/// <summary>Builds the optimiser an <see cref="OptimizerSettings"/> names.</summary>
internal static class OptimizerFactory
{
    public static IOptimizer Create(IEnumerable<Parameter> parameters, OptimizerSettings options) => options.Kind switch
    {
        OptimizerKind.Lbfgs => new Lbfgs(parameters, options),
        _ => new FirstOrderOptimizer(parameters, options),
    };
}
