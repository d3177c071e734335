using EId.Documents.IdCards;

namespace EId.Documents.Simulation;

/// <summary>A card held by a <see cref="SimulatedIdCardDevice"/>: its text and its (WLT) photo bytes.</summary>
/// <param name="Text">The card text (resident or foreigner layout).</param>
/// <param name="Photo">The photo block (1024 bytes on a real card).</param>
public sealed record SimulatedCard(IdCardText Text, ReadOnlyMemory<byte> Photo)
{
    /// <summary>Masked summary.</summary>
    /// <returns>The masked text summary.</returns>
    public override string ToString() => $"SimulatedCard({Text})";
}
