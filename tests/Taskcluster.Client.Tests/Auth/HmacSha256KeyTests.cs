using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using NUnit.Framework;

namespace Taskcluster.Client.Tests.Auth;

/// <summary>
/// The prepared HMAC key every signature goes through: OpenSSL's plain SHA-256 resumed from saved pad states where
/// that is available, the platform's <see cref="HMACSHA256"/> elsewhere. Both must give exactly the platform's MACs.
/// </summary>
[TestFixture]
public sealed class HmacSha256KeyTests
{
    /// <summary>The implementations to test: the fallback always, OpenSSL's wherever it is available.</summary>
    private static bool[] Implementations() => OpenSslSha256.IsAvailable ? new[] { true, false } : new[] { false };

    [Test]
    public void Signing_uses_OpenSSL_on_Linux_unless_FIPS_mode_is_on()
    {
        // A silent fallback would still sign correctly, only three times slower: this catches a probe that broke.
        bool fips = File.Exists("/proc/sys/crypto/fips_enabled") && File.ReadAllText("/proc/sys/crypto/fips_enabled").Trim() == "1";
        bool expected = OperatingSystem.IsLinux() && !fips;

        Assert.That(OpenSslSha256.IsAvailable, Is.EqualTo(expected));
        Assert.That(new HmacSha256Key(new byte[] { 1, 2, 3 }).UsesOpenSsl, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(Implementations))]
    public void Gives_the_RFC_4231_MACs(bool useOpenSsl)
    {
        // Test case 2 (short key) and test case 6 (a key longer than a block, which is hashed first).
        Assert.Multiple(() =>
        {
            Assert.That(Mac(useOpenSsl, "Jefe"u8.ToArray(), "what do ya want for nothing?"u8.ToArray()),
                Is.EqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
            Assert.That(Mac(useOpenSsl, Enumerable.Repeat((byte)0xaa, 131).ToArray(), "Test Using Larger Than Block-Size Key - Hash Key First"u8.ToArray()),
                Is.EqualTo("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"));
        });
    }

    [TestCaseSource(nameof(Implementations))]
    public void Agrees_with_HMACSHA256_for_keys_and_messages_of_every_length_around_the_block_boundaries(bool useOpenSsl)
    {
        var random = new Random(4231);
        int checkedPairs = 0;
        for (int keyLength = 0; keyLength <= 140; keyLength += 7)
        {
            byte[] key = new byte[keyLength];
            random.NextBytes(key);
            var prepared = new HmacSha256Key(key, useOpenSsl);
            // Every message length up to three blocks plus padding, then a few long ones: a saved state that is
            // resumed wrongly shows at some length, and reusing one key for all of them shows a state that leaks.
            foreach (int messageLength in Enumerable.Range(0, 200).Concat(new[] { 1000, 4096, 10_000 }))
            {
                byte[] message = new byte[messageLength];
                random.NextBytes(message);
                byte[] actual = new byte[32];

                prepared.Compute(message, actual);

                Assert.That(actual, Is.EqualTo(HMACSHA256.HashData(key, message)), $"key {keyLength} bytes, message {messageLength} bytes");
                checkedPairs++;
            }
        }
        Assert.That(checkedPairs, Is.EqualTo(21 * 203));
    }

    [TestCaseSource(nameof(Implementations))]
    public void One_key_gives_the_right_MACs_to_many_threads_at_once(bool useOpenSsl)
    {
        byte[] key = Encoding.UTF8.GetBytes("a shared access token");
        var prepared = new HmacSha256Key(key, useOpenSsl);
        int wrong = 0;

        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            byte[] actual = new byte[32];
            for (int i = 0; i < 2000; i++)
            {
                byte[] message = Encoding.UTF8.GetBytes($"hawk.1.header\n{worker}\n{i}\nGET\n/v1/task/{i * worker}\n");
                prepared.Compute(message, actual);
                if (!actual.AsSpan().SequenceEqual(HMACSHA256.HashData(key, message))) System.Threading.Interlocked.Increment(ref wrong);
            }
        });

        Assert.That(wrong, Is.Zero);
    }

    [Test]
    [NonParallelizable]
    public void The_AppContext_switch_keeps_new_keys_on_the_platform_HMAC()
    {
        try
        {
            AppContext.SetSwitch(OpenSslSha256.PlatformOnlySwitch, true);
            var key = new HmacSha256Key("Jefe"u8);

            Assert.That(key.UsesOpenSsl, Is.False);
            Assert.That(Mac(key, "what do ya want for nothing?"u8.ToArray()),
                Is.EqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        }
        finally
        {
            AppContext.SetSwitch(OpenSslSha256.PlatformOnlySwitch, false);
        }
        Assert.That(new HmacSha256Key("Jefe"u8).UsesOpenSsl, Is.EqualTo(OpenSslSha256.IsAvailable));
    }

    private static string Mac(bool useOpenSsl, byte[] key, byte[] message) => Mac(new HmacSha256Key(key, useOpenSsl), message);

    private static string Mac(HmacSha256Key key, byte[] message)
    {
        byte[] mac = new byte[32];
        key.Compute(message, mac);
        return Convert.ToHexString(mac).ToLowerInvariant();
    }
}
