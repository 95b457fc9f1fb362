using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Taskcluster;

/// <summary>
/// SHA-256 straight from OpenSSL's <c>SHA256_Init/Update/Final</c>, so that an HMAC can start from saved pad states.
/// </summary>
/// <remarks>
/// <para>
/// Why: every signed request costs one HMAC-SHA256 over about 140 bytes. Through <see cref="HMACSHA256"/> on Linux
/// that is about 1 µs even in a tight loop (OpenSSL 3's EVP layer duplicates and frees digest contexts on every reset
/// and finish), and 2–3 µs between network round trips: most of the SDK's overhead over a bare
/// <c>HttpClient</c> call. The same four compression rounds through the plain SHA-256 functions, resumed from
/// contexts saved after the key blocks, take about a quarter of that.
/// </para>
/// <para>
/// Used only where it is known to be right: on Linux, with a libcrypto that exports the functions, not in FIPS mode
/// (the plain functions bypass OpenSSL's providers), and only after a self-test against <see cref="HMACSHA256"/>
/// passes. Otherwise, or when the <c>Taskcluster.Client.UsePlatformHmacOnly</c> AppContext switch is set,
/// <see cref="HmacSha256Key"/> uses <see cref="HMACSHA256"/>.
/// </para>
/// </remarks>
internal static unsafe class OpenSslSha256
{
    /// <summary>Bytes kept for one <c>SHA256_CTX</c> (112 in OpenSSL 1.1 and 3.x; the struct is public ABI).</summary>
    public const int ContextSize = 128;

    /// <summary>The AppContext switch that keeps signing on <see cref="HMACSHA256"/>.</summary>
    public const string PlatformOnlySwitch = "Taskcluster.Client.UsePlatformHmacOnly";

    // No GC transition around these calls: they only hash a caller's buffer (a few hundred bytes per request, well
    // under a microsecond), never block and never call back, and the transitions cost as much as a compression round.
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, int> s_init;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int> s_update;
    private static readonly delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int> s_final;

    static OpenSslSha256()
    {
        try
        {
            // Before any native call: a browser has no native libraries to load (and IsLinux is false there anyway).
            if (OperatingSystem.IsBrowser() || !OperatingSystem.IsLinux()) return;
            if (!NativeLibrary.TryLoad("libcrypto.so.3", out IntPtr library) && !NativeLibrary.TryLoad("libcrypto.so.1.1", out library)) return;
            if (InFipsMode(library)) return;
            if (!NativeLibrary.TryGetExport(library, "SHA256_Init", out IntPtr init)
                || !NativeLibrary.TryGetExport(library, "SHA256_Update", out IntPtr update)
                || !NativeLibrary.TryGetExport(library, "SHA256_Final", out IntPtr final))
            {
                return;
            }
            s_init = (delegate* unmanaged[SuppressGCTransition]<byte*, int>)init;
            s_update = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, nuint, int>)update;
            s_final = (delegate* unmanaged[SuppressGCTransition]<byte*, byte*, int>)final;
            IsAvailable = AgreesWithPlatform();
        }
        catch (Exception)
        {
            // Anything unexpected while probing native code means: do not use it. Signing still works.
            IsAvailable = false;
        }
    }

    /// <summary>Whether the functions were found, may be used, and passed the self-test.</summary>
    public static bool IsAvailable { get; }

    /// <summary>Whether new keys should use OpenSSL's plain SHA-256: available and not switched off by the application.</summary>
    public static bool ShouldUse
        => IsAvailable && !(AppContext.TryGetSwitch(PlatformOnlySwitch, out bool platformOnly) && platformOnly);

    /// <summary>Saves into <paramref name="context"/> the SHA-256 state after hashing one 64-byte block.</summary>
    public static void SaveStateAfter(ReadOnlySpan<byte> block, Span<byte> context)
    {
        if (block.Length != 64) throw new ArgumentException("one 64-byte block is expected", nameof(block));
        if (context.Length != ContextSize) throw new ArgumentException($"{ContextSize} bytes are expected", nameof(context));
        context.Clear();
        fixed (byte* c = context)
        fixed (byte* b = block)
        {
            Check(s_init(c));
            Check(s_update(c, b, 64));
        }
    }

    /// <summary>
    /// The digest of everything <paramref name="savedState"/> had hashed followed by <paramref name="data"/>; the
    /// saved state itself is left as it was, so it can be resumed again.
    /// </summary>
    [SkipLocalsInit]
    public static void ResumeAndFinish(ReadOnlySpan<byte> savedState, ReadOnlySpan<byte> data, Span<byte> digest)
    {
        Span<byte> context = stackalloc byte[ContextSize];
        savedState.CopyTo(context);
        fixed (byte* c = context)
        fixed (byte* d = data)
        fixed (byte* h = digest)
        {
            Check(s_update(c, d, (nuint)data.Length));
            Check(s_final(h, c));
        }
    }

    private static void Check(int result)
    {
        // OpenSSL's SHA-256 functions return 1; anything else would be a broken library, not bad input.
        if (result != 1) throw new CryptographicException("OpenSSL SHA-256 failed");
    }

    private static bool InFipsMode(IntPtr library)
    {
        if (NativeLibrary.TryGetExport(library, "EVP_default_properties_is_fips_enabled", out IntPtr fips3))
        {
            return ((delegate* unmanaged<IntPtr, int>)fips3)(IntPtr.Zero) != 0;
        }
        if (NativeLibrary.TryGetExport(library, "FIPS_mode", out IntPtr fips11))
        {
            return ((delegate* unmanaged<int>)fips11)() != 0;
        }
        return false;
    }

    /// <summary>
    /// HMACs of keys and messages around the block boundaries (short and long keys, empty to multi-block messages),
    /// compared with <see cref="HMACSHA256"/>. A libcrypto whose context does not fit or behave as expected fails here.
    /// </summary>
    private static bool AgreesWithPlatform()
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> actual = stackalloc byte[HMACSHA256.HashSizeInBytes];
        byte[] data = new byte[300];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 + 3);
        foreach (int keyLength in new[] { 0, 11, 64, 65, 100 })
        {
            var key = new HmacSha256Key(data.AsSpan(0, keyLength), useOpenSsl: true);
            foreach (int dataLength in new[] { 0, 1, 55, 56, 63, 64, 119, 120, 141, 300 })
            {
                HMACSHA256.HashData(data.AsSpan(0, keyLength), data.AsSpan(0, dataLength), expected);
                key.Compute(data.AsSpan(0, dataLength), actual);
                if (!actual.SequenceEqual(expected)) return false;
            }
        }
        return true;
    }
}
