using EId.Biometrics.Calibration;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EId.Biometrics.Tests.Calibration;

public sealed class ScoreCalibrationTests
{
    [Fact]
    public void Separated_scores_have_zero_eer()
    {
        var scores = Enumerable.Range(0, 100).Select(i => new ScorePair(0.6f + (i * 0.001f), true))
            .Concat(Enumerable.Range(0, 1000).Select(i => new ScorePair(0.1f + (i * 0.0002f), false)));
        var report = ScoreCalibration.Compute(scores);
        Assert.Equal(0, report.EqualErrorRate);
        Assert.Equal(1, report.AtFmr1e3.TrueAcceptRate);
        Assert.Equal(0.001, report.AtFmr1e3.FalseMatchRate, 9); // 1e-3 of 1000 impostors allows exactly one
        Assert.InRange(report.AtFmr1e3.Threshold, 0.2996f, 0.2998f);
        Assert.Equal(0, report.AtFmr1e4.FalseMatchRate);
        Assert.InRange(report.AtFmr1e4.Threshold, 0.2998f, 0.6f);
    }

    [Fact]
    public void Known_overlap_gives_known_rates()
    {
        // Genuine 0.5..0.99, impostor 0.0..0.59 (step 0.01): at threshold 0.55, 5 of 60 impostors match, 5 of 50 genuines miss.
        var genuine = Enumerable.Range(50, 50).Select(i => new ScorePair(i / 100f, true));
        var impostor = Enumerable.Range(0, 60).Select(i => new ScorePair(i / 100f, false));
        var report = ScoreCalibration.Compute(genuine.Concat(impostor));
        Assert.InRange(report.EqualErrorRate, 0.08, 0.10);
        var at1e2 = report.AtFmr1e2;
        Assert.Equal(0, at1e2.FalseMatchRate); // 1 % of 60 allows no false match
        Assert.True(at1e2.Threshold > 0.59f);
        Assert.Equal(10 / 50.0, at1e2.FalseNonMatchRate, 6);
    }

    [Property(MaxTest = 100)]
    public Property Threshold_at_fmr_never_exceeds_the_target(float[] genuineRaw, float[] impostorRaw)
    {
        var genuine = (genuineRaw ?? []).Where(float.IsFinite).Append(0.5f).Select(s => new ScorePair(s, true));
        var impostor = (impostorRaw ?? []).Where(float.IsFinite).Append(0.1f).Select(s => new ScorePair(s, false));
        var report = ScoreCalibration.Compute(genuine.Concat(impostor));
        return (report.AtFmr1e2.FalseMatchRate <= 1e-2 && report.AtFmr1e3.FalseMatchRate <= 1e-3
            && report.EqualErrorRate is >= 0 and <= 1
            && report.Roc.Zip(report.Roc.Skip(1)).All(p => p.First.FalseMatchRate >= p.Second.FalseMatchRate)).ToProperty();
    }

    [Fact]
    public void Needs_both_classes() =>
        Assert.Throws<ArgumentException>(() => ScoreCalibration.Compute([new ScorePair(0.5f, true)]));

    [Fact]
    public void Reads_pairs_csv_with_extra_columns()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "left,right,same,note\na.jpg,b.jpg,1,x\nc.jpg,d.jpg,0,y\n");
            var pairs = LabelledPair.ReadCsv(path);
            Assert.Equal([new LabelledPair("a.jpg", "b.jpg", true), new LabelledPair("c.jpg", "d.jpg", false)], pairs);
            File.WriteAllText(path, "left,right\na,b\n");
            Assert.Throws<FormatException>(() => LabelledPair.ReadCsv(path));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
