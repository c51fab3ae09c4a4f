using Infra.GitOps.State;
using NUnit.Framework;

namespace Infra.GitOps.Tests.State;

public class LineCopierTests
{
    [TestCase(new[] { 3, 5, 7 }, 16)]
    [TestCase(new[] { 10, 10, 10, 10 }, 16)]
    [TestCase(new[] { 16, 16, 1 }, 16)]
    [TestCase(new[] { 5, 40, 3, 17, 2 }, 16)]
    [TestCase(new[] { 40 }, 16)]
    [TestCase(new int[0], 16)]
    [TestCase(new[] { 0, 4, 0 }, 16)]
    public void Add_RunsOfAnySize_OutputSeesEveryByteOnceInOrderAndNoBufferedChunkLongerThanTheBuffer(int[] sizes, int bufferSize)
    {
        // Each run has its own byte value, so that a reordering or a lost or repeated run shows in the concatenation.
        var runs = sizes.Select((size, i) => Enumerable.Repeat((byte)(i + 1), size).ToArray()).ToArray();
        var chunks = new List<byte[]>();
        var copier = new LineCopier(new byte[bufferSize], bytes => chunks.Add(bytes.ToArray()));

        foreach (var run in runs)
        {
            copier.Add(run);
        }

        copier.Flush();

        Assert.Multiple(() =>
        {
            Assert.That(chunks.SelectMany(c => c), Is.EqualTo(runs.SelectMany(r => r)));
            Assert.That(chunks, Has.All.Not.Empty);

            // A chunk longer than the buffer is exactly one run that did not fit in it.
            Assert.That(chunks.Where(c => c.Length > bufferSize).Select(c => c.Length), Is.EqualTo(sizes.Where(s => s > bufferSize)));
        });
    }

    [Test]
    public void Flush_NothingAdded_OutputsNothing()
    {
        var outputs = 0;
        var copier = new LineCopier(new byte[8], _ => outputs++);

        copier.Flush();

        Assert.That(outputs, Is.Zero);
    }
}
