namespace EId.ModelImport.Tfjs;

/// <summary>Why a TF.js graph model could not be read or converted.</summary>
public enum ImportError
{
    /// <summary>The model JSON is not valid JSON.</summary>
    MalformedJson,

    /// <summary>The JSON is valid but not a TF.js graph model (missing or mistyped fields).</summary>
    MalformedTopology,

    /// <summary>A weight uses a data type or quantisation the importer does not decode.</summary>
    UnsupportedDtype,

    /// <summary>The weight shards are shorter or longer than the manifest says.</summary>
    WeightDataMismatch,

    /// <summary>A node uses an operator the importer does not convert.</summary>
    UnsupportedOp,

    /// <summary>A node has an attribute value the importer does not convert (e.g. NCHW data format).</summary>
    UnsupportedAttribute,

    /// <summary>A node refers to an input that no node produces, or a required constant is not constant.</summary>
    MissingInput,

    /// <summary>The node graph has a cycle.</summary>
    Cycle,
}
