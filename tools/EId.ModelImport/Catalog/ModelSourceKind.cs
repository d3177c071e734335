namespace EId.ModelImport.Catalog;

/// <summary>How a model gets from its package into the models folder.</summary>
public enum ModelSourceKind
{
    /// <summary>The package ships ONNX; the file is copied byte for byte.</summary>
    CopiedOnnx,

    /// <summary>The package ships a TF.js graph model; it is converted.</summary>
    ConvertedTfjs,
}
