using EId.Biometrics.Gallery;
using static EId.Biometrics.Tests.Support.GalleryTestVectors;

namespace EId.Biometrics.Tests.Gallery;

public sealed class GalleryConcurrencyTests
{
    [Theory]
    [InlineData(GalleryPrecision.Float32)]
    [InlineData(GalleryPrecision.Int8Reranked)]
    public async Task Concurrent_adds_removes_and_searches_do_not_corrupt(GalleryPrecision precision)
    {
        const int writers = 3;
        const int perWriter = 300;
        const int d = 64;
        var vectors = UnitVectors(writers * perWriter, d, seed: 21);
        // Parallel searches even on small galleries, so partitions race with writers too.
        using var gallery = Create(d, precision, parallelThresholdBytes: 0);
        using var stop = new CancellationTokenSource();
        var ct = TestContext.Current.CancellationToken;

        // Each writer owns a disjoint id range: adds all, removes the odd ones, re-adds every fourth.
        var writerTasks = Enumerable.Range(0, writers).Select(w => Task.Run(
            () =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    var index = (w * perWriter) + i;
                    gallery.Add(Id(index), Template(vectors[index]));
                    if (i % 2 == 1)
                    {
                        Assert.True(gallery.Remove(Id(index)));
                    }
                }

                for (var i = 1; i < perWriter; i += 4)
                {
                    var index = (w * perWriter) + i;
                    gallery.Add(Id(index), Template(vectors[index]));
                }
            },
            ct)).ToArray();

        var searchErrors = 0;
        var searcherTasks = Enumerable.Range(0, 2).Select(s => Task.Run(
            () =>
            {
                var searches = 0;
                while (!stop.IsCancellationRequested && searches++ < 5000)
                {
                    var index = (searches * 7919 + s) % vectors.Length;
                    var hits = gallery.Search(Template(vectors[index]), 5);
                    // A hit's score must be the score of that subject's own vector: a torn swap-with-last would break this.
                    foreach (var hit in hits)
                    {
                        var own = int.Parse(hit.SubjectId.AsSpan("subject-".Length), System.Globalization.CultureInfo.InvariantCulture);
                        if (Math.Abs(hit.Score - Dot(vectors[own], vectors[index])) > 1e-4)
                        {
                            Interlocked.Increment(ref searchErrors);
                        }
                    }

                    if (hits.Select(h => h.SubjectId).Distinct(StringComparer.Ordinal).Count() != hits.Count)
                    {
                        Interlocked.Increment(ref searchErrors);
                    }
                }
            },
            ct)).ToArray();

        await Task.WhenAll(writerTasks);
        await stop.CancelAsync();
        await Task.WhenAll(searcherTasks);

        Assert.Equal(0, searchErrors);
        var expected = Enumerable.Range(0, writers * perWriter).Where(i => i % 2 == 0 || (i % perWriter) % 4 == 1).ToList();
        Assert.Equal(expected.Count, gallery.Count);
        foreach (var index in expected)
        {
            Assert.True(gallery.Contains(Id(index)));
            var top = gallery.Search(Template(vectors[index]), 1)[0];
            Assert.Equal(Id(index), top.SubjectId);
            Assert.Equal(1f, top.Score, 1e-4f);
        }
    }
}
