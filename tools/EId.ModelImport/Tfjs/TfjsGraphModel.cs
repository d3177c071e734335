namespace EId.ModelImport.Tfjs;

/// <summary>A parsed TF.js graph model: nodes, decoded weights and the signature's input/output names.</summary>
/// <param name="Nodes">Nodes by name, in file order (not necessarily topological).</param>
/// <param name="Weights">Decoded weights by name.</param>
/// <param name="SignatureOutputs">Output tensor names from the signature (empty when the model has none).</param>
/// <param name="Metadata">Format and converter strings from the JSON (<c>format</c>, <c>generatedBy</c>, <c>convertedBy</c>).</param>
public sealed record TfjsGraphModel(
    IReadOnlyList<TfjsNode> Nodes,
    IReadOnlyDictionary<string, TfjsWeight> Weights,
    IReadOnlyList<string> SignatureOutputs,
    IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>How many nodes use each op, sorted by op name.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> OpHistogram() =>
        Nodes.GroupBy(n => n.Op, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();
}
