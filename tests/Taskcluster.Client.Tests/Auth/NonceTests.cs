using System.Linq;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Auth;

/// <summary>The nonces the runtime puts in Hawk headers.</summary>
[TestFixture]
public sealed class NonceTests
{
    [Test]
    public void Nonces_are_eight_header_safe_characters_and_do_not_repeat()
    {
        var source = new NonceSource();
        char[] buffer = new char[NonceSource.Length];
        var nonces = Enumerable.Range(0, 10_000).Select(_ =>
        {
            source.Next(buffer);
            return new string(buffer);
        }).ToArray();

        Assert.Multiple(() =>
        {
            Assert.That(nonces, Has.All.Match("^[A-Za-z0-9_-]{8}$"));
            Assert.That(nonces.Distinct().Count(), Is.EqualTo(nonces.Length));
        });
    }
}
