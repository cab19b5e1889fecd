using System.Numerics;
using NativeNet.Layers;
using NativeNet.Optimizers;

namespace NativeNet.Cli.Optimizers;

/// <summary>Builds one <c>--optimizer</c> rule over parameters of any floating-point element type.</summary>
internal interface IOptimizerFactory
{
    /// <summary>The rule over <paramref name="parameters"/>, with the hyperparameters it takes from <paramref name="h"/>.</summary>
    Optimizer<T> Create<T>(IEnumerable<Parameter<T>> parameters, OptimizerHyperparameters h) where T : unmanaged, IFloatingPointIeee754<T>;
}
