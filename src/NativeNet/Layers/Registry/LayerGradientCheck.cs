using NativeNet.Tensors;

namespace NativeNet.Layers;

/// <summary>
/// How a layer kind is gradient-checked, as its declaration asks and its generated test does it: a small
/// double-precision instance, a uniform input of <see cref="InputShape"/> in [<see cref="InputLow"/>,
/// <see cref="InputHigh"/>], the training flag, the relative-error bound and the seed.
/// </summary>
/// <param name="Create">Builds the double-precision layer (its static factory, or its constructor with the declared constants).</param>
/// <param name="InputShape">The input shape.</param>
/// <param name="Training">Whether the layer runs in training mode.</param>
/// <param name="Tolerance">The relative-error bound.</param>
/// <param name="InputLow">Lower end of the uniform inputs.</param>
/// <param name="InputHigh">Upper end of the uniform inputs.</param>
/// <param name="Seed">The seed of the layer, the input and the upstream gradient.</param>
public sealed record LayerGradientCheck(
    Func<Rng, Layer<double>> Create, int[] InputShape, bool Training, double Tolerance, double InputLow, double InputHigh, int Seed);
