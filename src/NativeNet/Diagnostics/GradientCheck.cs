using NativeNet.Layers;
using NativeNet.Losses;
using NativeNet.Models;
using NativeNet.Regularization;
using NativeNet.Tensors;

namespace NativeNet.Diagnostics;

/// <summary>
/// Numerical gradients by central differences and the relative error used to compare them with analytic ones,
/// in double precision (float's 24 bits cannot resolve a difference quotient to 1e-7).
/// </summary>
public static class GradientCheck
{
    /// <summary>The default finite-difference step.</summary>
    public const double DefaultStep = 1e-5;

    /// <summary>
    /// The gradient of a scalar function at <paramref name="x"/>: (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h for each element.
    /// <paramref name="x"/> is perturbed in place and restored.
    /// </summary>
    public static NdArray<double> NumericalGradient(Func<NdArray<double>, double> f, NdArray<double> x, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(x);
        var grad = new NdArray<double>(x.Shape.ToArray());
        Span<double> values = x.Span;
        for (int i = 0; i < values.Length; i++)
        {
            double saved = values[i];
            values[i] = saved + h;
            double plus = f(x);
            values[i] = saved - h;
            double minus = f(x);
            values[i] = saved;
            grad[i] = (plus - minus) / (2 * h);
        }
        return grad;
    }

    /// <summary>
    /// The gradient of Σ f(x) ⊙ <paramref name="upstream"/> at <paramref name="x"/>: the vector–Jacobian product that a
    /// backward pass computes for a tensor-valued function and an upstream gradient.
    /// </summary>
    public static NdArray<double> NumericalGradient(Func<NdArray<double>, NdArray<double>> f, NdArray<double> x,
        NdArray<double> upstream, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(upstream);
        return NumericalGradient(input =>
        {
            var output = f(input);
            upstream.EnsureSameShape(output, "gradient check (upstream vs output)");
            return System.Numerics.Tensors.TensorPrimitives.Dot(output.Span, upstream.Span);
        }, x, h);
    }

    /// <summary>
    /// The largest elementwise relative error |a − b| / max(1e-8, |a| + |b|) (the classic <c>rel_error</c>).
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public static double RelativeError(NdArray<double> a, NdArray<double> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        a.EnsureSameShape(b, nameof(RelativeError));
        ReadOnlySpan<double> x = a.Span, y = b.Span;
        double worst = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double error = Math.Abs(x[i] - y[i]) / Math.Max(1e-8, Math.Abs(x[i]) + Math.Abs(y[i]));
            if (double.IsNaN(error)) return double.NaN;
            worst = Math.Max(worst, error);
        }
        return worst;
    }

    /// <summary>
    /// Checks a layer: runs forward on <paramref name="input"/>, backward with a random upstream gradient, and compares
    /// the input gradient and every parameter gradient with central differences of Σ forward(x) ⊙ upstream.
    /// </summary>
    /// <param name="layer">The layer in double precision; its forward must be deterministic between calls.</param>
    /// <param name="input">The input batch; perturbed during the check and restored.</param>
    /// <param name="rng">Draws the upstream gradient.</param>
    /// <param name="training">The mode passed to <see cref="Layer{T}.Forward"/>.</param>
    /// <param name="h">The finite-difference step.</param>
    public static GradientCheckResult CheckLayer(Layer<double> layer, NdArray<double> input, Rng rng, bool training = true, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(layer);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(rng);
        var output = layer.Forward(input, training);
        var upstream = NdArray<double>.RandomNormal(rng, 0.0, 1.0, output.Shape.ToArray());
        layer.ZeroGrad();
        var analyticInput = layer.Backward(upstream).Clone();
        var analyticParameters = layer.Parameters.Select(p => p.Grad.Clone()).ToArray();

        double Objective(NdArray<double> _) =>
            System.Numerics.Tensors.TensorPrimitives.Dot(layer.Forward(input, training).Span, upstream.Span);

        var errors = new List<(string Name, double Error)>
        {
            ("input", RelativeError(analyticInput, NumericalGradient(Objective, input, h))),
        };
        var parameters = layer.Parameters;
        for (int i = 0; i < parameters.Count; i++)
            errors.Add((parameters[i].Name, RelativeError(analyticParameters[i], NumericalGradient(Objective, parameters[i].Value, h))));
        return new GradientCheckResult(layer.ToString(), errors);
    }

    /// <summary>
    /// Checks a classification loss: the relative error between its gradient with respect to the scores and central
    /// differences of its value.
    /// </summary>
    public static double CheckLoss(ClassificationLoss<double> loss, NdArray<double> scores, int[] labels, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ArgumentNullException.ThrowIfNull(labels);
        var analytic = loss.Compute(scores, labels).Gradient.Clone();
        return RelativeError(analytic, NumericalGradient(s => loss.Compute(s, labels).Loss, scores, h));
    }

    /// <summary>
    /// Checks an elementwise loss (MSE, binary cross-entropy): the relative error between its gradient with respect to
    /// the predictions and central differences of its value.
    /// </summary>
    public static double CheckLoss(ElementwiseLoss<double> loss, NdArray<double> predictions, NdArray<double> targets, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var analytic = loss.Compute(predictions, targets).Gradient.Clone();
        return RelativeError(analytic, NumericalGradient(p => loss.Compute(p, targets).Loss, predictions, h));
    }

    /// <summary>
    /// Checks a whole model end to end: every parameter gradient of <see cref="Sequential{T}.ComputeLoss(NdArray{T}, ReadOnlySpan{int}, ClassificationLoss{T}, WeightPenalty?, bool)"/>
    /// (data loss plus penalty) against central differences of the total loss, in the model's current mode.
    /// </summary>
    /// <param name="model">The model in double precision; its forward must be deterministic (freeze dropout masks).</param>
    /// <param name="input">The batch.</param>
    /// <param name="labels">One label per sample.</param>
    /// <param name="loss">The data loss.</param>
    /// <param name="penalty">The weight penalty, or null.</param>
    /// <param name="h">The finite-difference step.</param>
    /// <returns>One relative error per parameter, under its qualified name.</returns>
    public static GradientCheckResult CheckModel(Sequential<double> model, NdArray<double> input, int[] labels,
        ClassificationLoss<double> loss, WeightPenalty? penalty = null, double h = DefaultStep)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(labels);
        model.ComputeLoss(input, labels, loss, penalty);
        var parameters = model.Parameters;
        var analytic = parameters.Select(p => p.Grad.Clone()).ToArray();

        double Objective(NdArray<double> _) =>
            loss.Compute(model.Forward(input), labels).Loss + (penalty is null ? 0.0 : penalty.Penalty(parameters));

        var errors = new List<(string Name, double Error)>();
        for (int i = 0; i < parameters.Count; i++)
            errors.Add((parameters[i].Name, RelativeError(analytic[i], NumericalGradient(Objective, parameters[i].Value, h))));
        return new GradientCheckResult(model.ToString(), errors);
    }
}
