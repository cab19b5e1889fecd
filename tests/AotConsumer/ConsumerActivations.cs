using NativeNet.Layers;

namespace AotConsumer;

/// <summary>An activation declared in the app, so its manifest is found and used in the native binary too.</summary>
public static class ConsumerActivations
{
    /// <summary>Softsign-like x/(1 + x²)^½, smooth everywhere.</summary>
    [Elementwise("aot_softsign")]
    public static double Softsign(double x) => x / Math.Sqrt(1 + x * x);
}
