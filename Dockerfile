# One image for every role: web, scheduler, worker, migrate (docker-compose.yaml picks the command).
FROM node:24-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
# bubblewrap: the sandbox every bash, script and python task runs in (TRIBUTARY_TASK_SANDBOX).
# python3: Debian's (3.11), which python tasks run (TRIBUTARY_PYTHON, default python3).
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap python3 python3-venv && rm -rf /var/lib/apt/lists/*
# Packages for python tasks: build a virtualenv under /usr/local (tasks see /usr in the sandbox;
# a venv elsewhere must be listed in TRIBUTARY_TASK_SANDBOX_PATHS) and point TRIBUTARY_PYTHON at it:
#   RUN python3 -m venv /usr/local/tributary-python \
#    && /usr/local/tributary-python/bin/pip install --no-cache-dir pandas requests
#   ENV TRIBUTARY_PYTHON=/usr/local/tributary-python/bin/python
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci
COPY . .
RUN npx next build
# Every process runs as this unprivileged user; in the sandbox a task is uid 65534 of a user
# namespace, which maps back to this user, never to root.
RUN useradd --create-home --uid 10001 tributary && chown -R tributary /app/.next
USER tributary
EXPOSE 3000
CMD ["npx", "next", "start", "-p", "3000"]
