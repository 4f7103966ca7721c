# Runs a command in a pseudo-terminal and answers its prompts: each step waits until the
# screen shows the expected text, then types the keys. Prints everything the command drew and
# exits with its exit code. Usage: answer_prompts.py <steps.json> <command> [args...]
import fcntl
import json
import os
import pty
import select
import struct
import sys
import termios
import time

steps = json.load(open(sys.argv[1]))
pid, fd = pty.fork()
if pid == 0:
    # A new pty is 0 columns wide; give it a real terminal's size, or prompts wrap every letter.
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 40, 120, 0, 0))
    os.execvp(sys.argv[2], sys.argv[2:])

screen = b''
deadline = time.monotonic() + 60


def read_some(timeout):
    global screen
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return True
    try:
        chunk = os.read(fd, 65536)
    except OSError:
        return False
    if not chunk:
        return False
    screen += chunk
    return True


for step in steps:
    want = step['expect'].encode()
    start = len(screen) if step.get('fresh') else 0
    while want not in screen[start:]:
        if time.monotonic() > deadline or not read_some(0.2):
            sys.stdout.write(screen.decode(errors='replace'))
            sys.stderr.write('never saw %r\n' % step['expect'])
            os.kill(pid, 9)
            sys.exit(99)
    for key in step['keys']:
        os.write(fd, key.encode())
        time.sleep(0.05)

while read_some(0.2) and time.monotonic() < deadline:
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(screen.decode(errors='replace'))
sys.exit(os.waitstatus_to_exitcode(status))
