package io.leadgrade.rulesets;

import io.leadgrade.grading.RulesetFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

/**
 * Turns an uploaded ruleset (a zip of the rules folder, or files sent as multipart parts named by their path) into
 * ruleset files, refusing paths that climb out of the folder, too many files and too many bytes, counted while
 * reading rather than trusted from headers.
 */
@Component
public class RulesetUploads {

    private static final Pattern SAFE_PATH =
            Pattern.compile("[A-Za-z0-9_\\-][A-Za-z0-9_\\-. ]*(/[A-Za-z0-9_\\-][A-Za-z0-9_\\-. ]*)*");

    private final UploadProperties limits;

    RulesetUploads(UploadProperties limits) {
        this.limits = limits;
    }

    public RulesetFiles fromZip(InputStream zip) {
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (ZipInputStream entries = new ZipInputStream(zip)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isDirectory() || ignored(name)) {
                    continue;
                }
                checkPath(name);
                checkCount(files.size() + 1, name);
                byte[] content = read(entries, name, limits.maxTotalSize().toBytes() - total);
                total += content.length;
                files.put(name, content);
            }
        } catch (ZipException | IllegalArgumentException e) {
            // ZipInputStream reports a file name that is not valid UTF-8 as IllegalArgumentException.
            throw new UploadRejectedException(
                    HttpStatus.BAD_REQUEST, null, "The upload is not a valid zip file: " + e.getMessage());
        } catch (IOException e) {
            throw new UploadRejectedException(
                    HttpStatus.BAD_REQUEST, null, "The upload could not be read: " + e.getMessage());
        }
        return new RulesetFiles(withoutCommonFolder(files));
    }

    public RulesetFiles fromParts(List<MultipartFile> parts) {
        if (parts.size() == 1
                && parts.get(0).getOriginalFilename() != null
                && parts.get(0).getOriginalFilename().toLowerCase().endsWith(".zip")) {
            try (InputStream zip = parts.get(0).getInputStream()) {
                return fromZip(zip);
            } catch (IOException e) {
                throw new UploadRejectedException(
                        HttpStatus.BAD_REQUEST, null, "The upload could not be read: " + e.getMessage());
            }
        }
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        for (MultipartFile part : parts) {
            String name = part.getOriginalFilename() == null ? "" : part.getOriginalFilename();
            checkPath(name);
            checkCount(files.size() + 1, name);
            try (InputStream in = part.getInputStream()) {
                byte[] content = read(in, name, limits.maxTotalSize().toBytes() - total);
                total += content.length;
                files.put(name, content);
            } catch (IOException e) {
                throw new UploadRejectedException(HttpStatus.BAD_REQUEST, name, "Part " + name + " could not be read");
            }
        }
        return new RulesetFiles(files);
    }

    /**
     * A candidate made of a stored version with some files replaced or added: what a user who edited one or two files
     * uploads. Paths are checked as for any upload; a zip is refused here, as it is a whole ruleset on its own.
     */
    public RulesetFiles onTopOf(RulesetFiles base, List<MultipartFile> parts) {
        for (MultipartFile part : parts) {
            String name = part.getOriginalFilename();
            if (name != null && name.toLowerCase().endsWith(".zip")) {
                throw new UploadRejectedException(
                        HttpStatus.BAD_REQUEST,
                        name,
                        "A zip is a whole ruleset: upload it without base, or send the changed files themselves");
            }
        }
        Map<String, byte[]> files = new TreeMap<>(base.files());
        files.putAll(fromParts(parts).files());
        checkCount(files.size(), parts.get(parts.size() - 1).getOriginalFilename());
        return new RulesetFiles(files);
    }

    private static boolean ignored(String name) {
        return name.startsWith("__MACOSX/") || name.endsWith(".DS_Store");
    }

    private void checkPath(String name) {
        if (name.isEmpty() || name.contains("..") || !SAFE_PATH.matcher(name).matches()) {
            throw new UploadRejectedException(
                    HttpStatus.BAD_REQUEST,
                    name,
                    "File name '" + name + "' is not allowed:"
                            + " use relative paths of letters, digits, '-', '_', '.' and spaces, separated by '/', never '..'");
        }
    }

    private void checkCount(int count, String name) {
        if (count > limits.maxFiles()) {
            throw new UploadRejectedException(
                    HttpStatus.CONTENT_TOO_LARGE, name, "A ruleset may have at most " + limits.maxFiles() + " files");
        }
    }

    private byte[] read(InputStream in, String name, long remainingTotal) throws IOException {
        long limit = Math.min(limits.maxFileSize().toBytes(), remainingTotal);
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (content.size() + n > limit) {
                throw new UploadRejectedException(
                        HttpStatus.CONTENT_TOO_LARGE,
                        name,
                        "File " + name
                                + " is larger than allowed (at most "
                                + limits.maxFileSize().toBytes() + " bytes a file and "
                                + limits.maxTotalSize().toBytes() + " bytes in all, uncompressed)");
            }
            content.write(buffer, 0, n);
        }
        return content.toByteArray();
    }

    /** A zip of the folder itself ("rules/fit.drl", ...) is read as its contents. */
    private static Map<String, byte[]> withoutCommonFolder(Map<String, byte[]> files) {
        String first = files.keySet().stream().findFirst().orElse("");
        int slash = first.indexOf('/');
        if (slash < 0) {
            return files;
        }
        String folder = first.substring(0, slash + 1);
        if (!files.keySet().stream().allMatch(path -> path.startsWith(folder))) {
            return files;
        }
        Map<String, byte[]> inside = new TreeMap<>();
        files.forEach((path, content) -> inside.put(path.substring(folder.length()), content));
        return inside;
    }
}
