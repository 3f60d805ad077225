package dev.caretaker.backup;

import dev.caretaker.store.BackupCatalog;
import dev.caretaker.target.TargetSpec;
import jakarta.inject.Singleton;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Archives the directories of a {@code files} target ({@code paths: [...]}) as one streamed {@code .tar.gz}: POSIX
 * headers, so long and non-ASCII names survive; symbolic links stored as links, never followed. Each entry is named
 * after its absolute path without the leading slash, so a restore re-creates the tree under the directory given.
 */
@Singleton
public class FilesArchiver {

    private static final Logger LOG = LoggerFactory.getLogger(FilesArchiver.class);

    /** What a full read of an archive found. */
    public record Contents(long files, long bytes) {
    }

    /** The directories of a files target, as configured. */
    public static List<Path> paths(TargetSpec target) {
        Object raw = target.settings().get("paths");
        List<String> texts = new ArrayList<>();
        if (raw instanceof List<?> l) {
            l.stream().filter(o -> o != null && !o.toString().isBlank()).forEach(o -> texts.add(o.toString().strip()));
        } else if (raw != null && !raw.toString().isBlank()) {
            Arrays.stream(raw.toString().split("\\s*,\\s*")).filter(s -> !s.isBlank()).forEach(texts::add);
        }
        target.string("path").ifPresent(texts::add);
        return texts.stream().map(t -> Path.of(t).toAbsolutePath().normalize()).distinct().toList();
    }

    /** Fails before anything is written when a directory is missing or unreadable. */
    public void check(TargetSpec target) throws BackupException {
        List<Path> paths = paths(target);
        if (paths.isEmpty()) {
            throw new BackupException(BackupMessages.filesNoPaths(target.name()));
        }
        for (Path p : paths) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new BackupException(BackupMessages.filesPathMissing(target.name(), p.toString()));
            }
            if (!Files.isReadable(p)) {
                throw new BackupException(BackupMessages.filesPathUnreadable(target.name(), p.toString()));
            }
        }
    }

    /** Writes the archive into {@code out} (which counts and hashes it). */
    public BackupCatalog.Completed archive(TargetSpec target, Digesting.Out out, Streams.Ticker ticker)
            throws BackupException, InterruptedException {
        long[] files = {0};
        try {
            GZIPOutputStream gzip = new GZIPOutputStream(out, Streams.CHUNK);
            TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, StandardCharsets.UTF_8.name());
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.setAddPaxHeadersForNonAsciiNames(true);
            byte[] buf = new byte[Streams.CHUNK];
            for (Path root : paths(target)) {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                        TarArchiveEntry e = new TarArchiveEntry(dir, name(dir) + "/", LinkOption.NOFOLLOW_LINKS);
                        tar.putArchiveEntry(e);
                        tar.closeArchiveEntry();
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                        if (Thread.currentThread().isInterrupted()) {
                            throw new java.io.InterruptedIOException("interrupted");
                        }
                        if (attrs.isSymbolicLink()) {
                            TarArchiveEntry e = new TarArchiveEntry(name(file), TarConstants.LF_SYMLINK);
                            e.setLinkName(Files.readSymbolicLink(file).toString());
                            e.setModTime(attrs.lastModifiedTime());
                            tar.putArchiveEntry(e);
                            tar.closeArchiveEntry();
                        } else if (attrs.isRegularFile()) {
                            TarArchiveEntry e = new TarArchiveEntry(file, name(file), LinkOption.NOFOLLOW_LINKS);
                            e.setSize(attrs.size());
                            tar.putArchiveEntry(e);
                            copyExactly(file, attrs.size(), tar, buf);
                            tar.closeArchiveEntry();
                            files[0]++;
                            ticker.tick();
                        }
                        // sockets, fifos and devices are not content
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                        throw new IOException(BackupMessages.filesUnreadable(target.name(), file.toString()), e);
                    }
                });
            }
            tar.finish();
            gzip.finish();
        } catch (java.io.InterruptedIOException e) {
            throw new InterruptedException("archive of " + target.name() + " stopped");
        } catch (IOException e) {
            LOG.warn("backup of {}: archiving failed", target.name(), e);
            throw new BackupException(BackupMessages.storageWriteFailed(target.name(), e), e);
        }
        return new BackupCatalog.Completed(out.bytes(), out.sha256Hex(), null, null, Map.of(), files[0]);
    }

    /** The entry name of a path: absolute, without the leading slash. */
    static String name(Path p) {
        String s = p.toAbsolutePath().normalize().toString().replace('\\', '/');
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        return s;
    }

    /** A file that changed size while archived: its header's size is written, zero-padded or cut. */
    private static void copyExactly(Path file, long size, OutputStream out, byte[] buf) throws IOException {
        long left = size;
        try (InputStream in = Files.newInputStream(file)) {
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
                left -= n;
            }
        }
        if (left > 0) {
            LOG.warn("{} shrank while it was archived; {} bytes padded", file, left);
            Arrays.fill(buf, (byte) 0);
            while (left > 0) {
                int n = (int) Math.min(buf.length, left);
                out.write(buf, 0, n);
                left -= n;
            }
        }
    }

    /** Reads a whole archive (every entry, every byte): what a verification of a files backup does. */
    public Contents read(InputStream archive) throws IOException {
        long files = 0;
        long bytes = 0;
        byte[] buf = new byte[Streams.CHUNK];
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(archive, Streams.CHUNK),
                StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            // a symbolic link is no file of its own (isFile says yes to anything not a directory or special)
            if (e.isFile() && !e.isSymbolicLink() && !e.isLink()) {
                files++;
                int n;
                while ((n = tar.read(buf)) >= 0) {
                    bytes += n;
                }
            }
        }
        return new Contents(files, bytes);
    }

    /**
     * Extracts an archive under {@code into}; an entry that would land outside it (an absolute name, {@code ..}) is
     * refused. Answers the files written.
     */
    public Contents extract(InputStream archive, Path into) throws IOException, BackupException {
        Path root = into.toAbsolutePath().normalize();
        long files = 0;
        long bytes = 0;
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(archive, Streams.CHUNK),
                StandardCharsets.UTF_8.name());
        TarArchiveEntry e;
        List<TarArchiveEntry> directories = new ArrayList<>();
        while ((e = tar.getNextEntry()) != null) {
            Path to = root.resolve(e.getName()).normalize();
            if (!to.startsWith(root) || to.equals(root) && !e.isDirectory()) {
                throw new BackupException(BackupMessages.archiveEntryOutside(e.getName()));
            }
            if (e.isDirectory()) {
                Files.createDirectories(to);
                insideReally(root, to, e.getName());
                directories.add(e);
            } else if (e.isSymbolicLink()) {
                Files.createDirectories(to.getParent());
                insideReally(root, to.getParent(), e.getName());
                Files.deleteIfExists(to);
                Files.createSymbolicLink(to, Path.of(e.getLinkName()));
            } else if (e.isFile()) {
                Files.createDirectories(to.getParent());
                insideReally(root, to.getParent(), e.getName());
                bytes += Files.copy(tar, to, StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(to, FileTime.from(e.getModTime().toInstant()));
                try {
                    Files.setPosixFilePermissions(to, Modes.of(e.getMode()));
                } catch (UnsupportedOperationException unsupported) {
                    // not a POSIX file system: the bytes are what matters
                }
                files++;
            }
        }
        for (TarArchiveEntry d : directories) {
            Path to = root.resolve(d.getName()).normalize();
            Files.setLastModifiedTime(to, FileTime.from(d.getModTime().toInstant()));
        }
        return new Contents(files, bytes);
    }

    /** A directory reached through a link the archive made earlier must still lie under the restore's root. */
    private static void insideReally(Path root, Path dir, String entry) throws IOException, BackupException {
        if (!dir.toRealPath().startsWith(root.toRealPath())) {
            throw new BackupException(BackupMessages.archiveEntryOutside(entry));
        }
    }

    /** Unix mode bits to POSIX permissions. */
    private static final class Modes {

        private static final java.nio.file.attribute.PosixFilePermission[] ORDER = {
                java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE,
                java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE,
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ,
                java.nio.file.attribute.PosixFilePermission.GROUP_EXECUTE,
                java.nio.file.attribute.PosixFilePermission.GROUP_WRITE,
                java.nio.file.attribute.PosixFilePermission.GROUP_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE,
                java.nio.file.attribute.PosixFilePermission.OWNER_READ};

        static java.util.Set<java.nio.file.attribute.PosixFilePermission> of(int mode) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> out =
                    java.util.EnumSet.noneOf(java.nio.file.attribute.PosixFilePermission.class);
            for (int i = 0; i < ORDER.length; i++) {
                if ((mode & (1 << i)) != 0) {
                    out.add(ORDER[i]);
                }
            }
            // the owner can always read and write what was restored for them
            out.add(java.nio.file.attribute.PosixFilePermission.OWNER_READ);
            out.add(java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
            return out;
        }
    }
}
