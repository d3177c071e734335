namespace EId.Biometrics.Calibration;

/// <summary>One row of a pairs file: two image paths and whether they show the same person.</summary>
/// <param name="Left">Left image path, relative to the pairs root.</param>
/// <param name="Right">Right image path, relative to the pairs root.</param>
/// <param name="Same">Same person.</param>
public sealed record LabelledPair(string Left, string Right, bool Same)
{
    /// <summary>Reads a CSV with a header containing <c>left,right,same</c> (other columns ignored; same is 1/0 or true/false).</summary>
    /// <param name="path">CSV file.</param>
    /// <returns>The pairs.</returns>
    /// <exception cref="FormatException">The header lacks a column or a row is malformed.</exception>
    public static IReadOnlyList<LabelledPair> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new FormatException("The pairs file is empty.");
        }

        var header = lines[0].Split(',').Select(h => h.Trim().ToUpperInvariant()).ToList();
        int l = header.IndexOf("LEFT"), r = header.IndexOf("RIGHT"), s = header.IndexOf("SAME");
        if (l < 0 || r < 0 || s < 0)
        {
            throw new FormatException("The pairs file needs left, right and same columns.");
        }

        var pairs = new List<LabelledPair>();
        for (var i = 1; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length <= Math.Max(l, Math.Max(r, s)))
            {
                throw new FormatException($"Line {i + 1} has too few columns.");
            }

            var same = cells[s].Trim() switch
            {
                "1" or "true" or "True" or "TRUE" => true,
                "0" or "false" or "False" or "FALSE" => false,
                _ => throw new FormatException($"Line {i + 1}: 'same' must be 1/0 or true/false."),
            };
            pairs.Add(new LabelledPair(cells[l].Trim(), cells[r].Trim(), same));
        }

        return pairs;
    }
}
