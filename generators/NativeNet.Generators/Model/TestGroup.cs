namespace NativeNet.Generators.Model;

/// <summary>The gradient-check tests for the layers of one assembly.</summary>
internal sealed record TestGroup(string AssemblyName, EquatableArray<GradientCheckCase> Cases);
