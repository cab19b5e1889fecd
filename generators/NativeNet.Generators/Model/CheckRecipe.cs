namespace NativeNet.Generators.Model;

/// <summary>A layer's gradient-check settings as declared by its attribute.</summary>
/// <param name="Arguments">Constructor arguments when there is no factory (an elementwise layer's constants).</param>
internal sealed record CheckRecipe(string? Factory, EquatableArray<double> Arguments, EquatableArray<int> InputShape, bool Training, double Tolerance, double InputLow, double InputHigh, int Seed);
