using System.Text;
using EId.Postal.Analytics.Facts;

namespace EId.Postal.Analytics.Tests;

/// <summary>The export holds no ID number, name or phone, and its sender token cannot be joined to the ledger's.</summary>
public sealed class PrivacyTests
{
    [Fact]
    public async Task The_Parquet_files_hold_no_ID_number_name_or_phone_in_any_column_or_byte()
    {
        await using var world = await FactsWorld.CreateAsync();
        var decisions = Enumerable.Range(0, 200).Select(i => new Decision(0, i * 7, i % 4, (i + 1) % 4, (Postal.Outcomes.IntakeOutcomeKind)(1 + (i % 3)), i % 5, 100 + (i * 37))).ToList();
        await world.AddAsync(decisions);
        using var exporter = world.Exporter();
        await exporter.ExportDayAsync(Decision.FirstDay);
        var path = FactsPath.DayFile(world.FactsDirectory, Decision.FirstDay);

        var facts = (await ParcelFactFile.ReadAsync(path)).Value!;
        var values = facts.SelectMany(f => new[] { f.OriginRegion, f.DestinationRegion, f.ItemCategory, f.Verdict, f.Method, f.SenderExportToken }).OfType<string>().ToList();
        var bytes = await File.ReadAllBytesAsync(path);
        var seeded = Enumerable.Range(0, 5).Select(FactsWorld.Pii)
            .SelectMany(p => new[] { p.IdNumber, p.IdNumber[^8..], p.FullName, p.FullName.Split(' ')[0], p.Phone!, p.Phone![^6..], Privacy.PiiMask.Name(p.FullName), Privacy.PiiMask.Phone(p.Phone) })
            .Concat(["courier-7", "handheld-42", "letters for"])
            .ToList();

        Assert.Equal(200, facts.Count);
        Assert.Equal(9, ParcelFactSchema.Schema.DataFields.Length); // a new column must be added here on purpose, after a privacy review
        foreach (var secret in seeded)
        {
            Assert.DoesNotContain(values, v => v.Contains(secret, StringComparison.Ordinal));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(secret)));
        }

        // No waybill number either: the facts cannot be traced parcel by parcel.
        Assert.DoesNotContain(values, v => v.StartsWith("EI", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_export_token_differs_from_the_ledger_token_groups_one_sender_and_changes_with_the_export_key()
    {
        await using var world = await FactsWorld.CreateAsync();
        await world.AddAsync([
            new Decision(0, 10, 0, 1, Postal.Outcomes.IntakeOutcomeKind.Accepted, 3, 100),
            new Decision(0, 20, 1, 2, Postal.Outcomes.IntakeOutcomeKind.Accepted, 3, 100),
            new Decision(0, 30, 2, 3, Postal.Outcomes.IntakeOutcomeKind.Accepted, 4, 100),
        ]);
        var path = FactsPath.DayFile(world.FactsDirectory, Decision.FirstDay);
        using (var exporter = world.Exporter())
        {
            await exporter.ExportDayAsync(Decision.FirstDay);
        }

        var first = (await ParcelFactFile.ReadAsync(path)).Value!.Select(f => f.SenderExportToken!).ToList();
        using (var other = world.Exporter(key: [.. Enumerable.Repeat((byte)7, 32)]))
        {
            await other.ExportDayAsync(Decision.FirstDay);
        }

        var second = (await ParcelFactFile.ReadAsync(path)).Value!.Select(f => f.SenderExportToken!).ToList();
        var ledgerTokens = new[] { FactsWorld.LedgerTokenOf(3), FactsWorld.LedgerTokenOf(4) };
        var bytes = await File.ReadAllBytesAsync(path);

        Assert.Equal(first[0], first[1]);
        Assert.NotEqual(first[0], first[2]);
        Assert.Empty(first.Intersect(ledgerTokens));
        Assert.Empty(second.Intersect(first));
        foreach (var token in ledgerTokens)
        {
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(token)));
        }
    }
}
