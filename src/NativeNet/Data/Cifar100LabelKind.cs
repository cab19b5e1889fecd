namespace NativeNet.Data;

/// <summary>Which of CIFAR-100's two labels a dataset uses.</summary>
public enum Cifar100LabelKind
{
    /// <summary>The 100 fine classes (names from fine_label_names.txt).</summary>
    Fine,
    /// <summary>The 20 coarse superclasses (names from coarse_label_names.txt).</summary>
    Coarse,
}
