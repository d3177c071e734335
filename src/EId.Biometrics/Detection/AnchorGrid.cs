namespace EId.Biometrics.Detection;

/// <summary>Anchor centres of a single-shot detector: for each stride, a grid over the input with several anchors per cell.</summary>
internal static class AnchorGrid
{
    /// <summary>Anchor centres in input pixels, stride by stride, row-major, anchors of a cell adjacent.</summary>
    /// <param name="inputSize">Square input side.</param>
    /// <param name="strides">Strides, in output order.</param>
    /// <param name="anchorsPerCell">Anchors per cell for each stride.</param>
    /// <param name="cellCentre">Centre anchors in the cell (BlazeFace: +0.5) or put them on its top-left corner (SCRFD).</param>
    /// <returns>(x, y) per anchor.</returns>
    public static (float X, float Y)[] Centres(int inputSize, IReadOnlyList<int> strides, IReadOnlyList<int> anchorsPerCell, bool cellCentre)
    {
        var list = new List<(float, float)>();
        var offset = cellCentre ? 0.5f : 0f;
        for (var s = 0; s < strides.Count; s++)
        {
            var cells = (inputSize + strides[s] - 1) / strides[s];
            for (var y = 0; y < cells; y++)
            {
                for (var x = 0; x < cells; x++)
                {
                    for (var a = 0; a < anchorsPerCell[s]; a++)
                    {
                        list.Add(((x + offset) * strides[s], (y + offset) * strides[s]));
                    }
                }
            }
        }

        return [.. list];
    }
}
