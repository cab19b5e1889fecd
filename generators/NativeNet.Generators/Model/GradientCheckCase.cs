namespace NativeNet.Generators.Model;

/// <summary>One generated gradient-check test: how to build the double-precision layer and what input to feed it.</summary>
/// <param name="LayerName">The registry name (also the test method's name, in Pascal case).</param>
/// <param name="DoubleTypeName">The closed layer type for double, fully qualified.</param>
/// <param name="Factory">A static factory taking an Rng, or null for the parameterless constructor.</param>
internal sealed record GradientCheckCase(
    string LayerName,
    string DoubleTypeName,
    string? Factory,
    EquatableArray<double> Arguments,
    EquatableArray<int> InputShape,
    bool Training,
    double Tolerance,
    double InputLow,
    double InputHigh,
    int Seed);
