"""A minimal OmegaT 3.6 console-mode driver for interoperability tests.

Builds a throw-away project (one source line = one segment, UTF-8 text filter, sentence
segmentation off), puts a TMX in tm/auto/ (OmegaT fills exact matches from there), runs
``--mode=console-translate`` and returns the translated document's lines. OmegaT exits 0 even
when it rejects a TMX, so callers must compare the target document, never trust the exit code.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

JAR = Path(os.environ.get("OMEGAT_JAR", "/usr/share/omegat/OmegaT.jar"))

PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<omegat>
    <project version="1.0">
        <source_dir>__DEFAULT__</source_dir>
        <target_dir>__DEFAULT__</target_dir>
        <tm_dir>__DEFAULT__</tm_dir>
        <glossary_dir>__DEFAULT__</glossary_dir>
        <glossary_file>__DEFAULT__</glossary_file>
        <dictionary_dir>__DEFAULT__</dictionary_dir>
        <source_lang>{src}</source_lang>
        <target_lang>{tgt}</target_lang>
        <source_tok></source_tok>
        <target_tok></target_tok>
        <sentence_seg>false</sentence_seg>
        <support_default_translations>true</support_default_translations>
        <remove_tags>false</remove_tags>
    </project>
</omegat>
"""

FILTERS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<filters removeTags="false" removeSpacesNonseg="true" preserveSpaces="false"
         ignoreFileContext="false">
    <filter className="org.omegat.filters2.text.TextFilter" enabled="true">
        <files sourceFilenameMask="*.txt" targetFilenamePattern="${filename}"
               sourceEncoding="UTF-8" targetEncoding="UTF-8"/>
        <option name="segmentOn" value="BREAKS"/>
        <option name="lineLength" value=""/>
        <option name="maxLineLength" value=""/>
    </filter>
</filters>
"""


def available() -> bool:
    return JAR.exists() and shutil.which("java") is not None


def translate(workdir: Path, source_lines: list[str], tmx: Path, *, src: str = "zh-CN",
              tgt: str = "en-US", timeout: int = 300) -> list[str]:
    """Run OmegaT on ``source_lines`` with ``tmx`` in tm/auto/; return the target lines."""
    project = workdir / "project"
    for sub in ("source", "target", "tm/auto", "glossary", "dictionary", "omegat"):
        (project / sub).mkdir(parents=True, exist_ok=True)
    (project / "omegat.project").write_text(PROJECT.format(src=src, tgt=tgt), encoding="utf-8")
    (project / "omegat" / "filters.xml").write_text(FILTERS, encoding="utf-8")
    (project / "source" / "source.txt").write_text("\n".join(source_lines) + "\n",
                                                   encoding="utf-8")
    shutil.copy(tmx, project / "tm" / "auto" / "input.tmx")  # lower-case .tmx only
    config = workdir / "config"
    config.mkdir(exist_ok=True)
    subprocess.run(
        ["java", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8", "-jar", str(JAR),
         "--mode=console-translate", f"--config-dir={config}", "--disable-project-locking",
         "--no-team", str(project)],
        cwd=workdir, capture_output=True, timeout=timeout, check=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    )
    target = project / "target" / "source.txt"
    return target.read_text(encoding="utf-8").splitlines()
