/*
 * The floor of an SFU's cost per forwarded packet on this machine: one SRTP protect of a
 * 1,200-byte RTP packet with AES_CM_128_HMAC_SHA1_80 by libsrtp2 (the library mediasoup's worker
 * links here), and one UDP send of it to loopback. Prints one line of JSON: CPU µs per protect,
 * per send, and how many of each were timed.
 *
 * Built and run by bench/load/srtpFloor.ts: cc -O2 srtp-floor.c -lsrtp2
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define PACKET_BYTES 1200
#define HEADER_BYTES 12

static double cpu_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int fail(const char *what) {
  fprintf(stderr, "srtp-floor: %s\n", what);
  return 1;
}

int main(int argc, char **argv) {
  long packets = argc > 1 ? atol(argv[1]) : 200000;
  if (packets <= 0 || packets > 100000000) return fail("packet count out of range");
  if (srtp_init() != srtp_err_status_ok) return fail("srtp_init failed");

  unsigned char key[SRTP_AES_ICM_128_KEY_LEN_WSALT];
  for (size_t i = 0; i < sizeof key; i++) key[i] = (unsigned char)(i * 7 + 3);
  srtp_policy_t policy;
  memset(&policy, 0, sizeof policy);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
  srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  policy.ssrc.type = ssrc_any_outbound;
  policy.key = key;
  policy.window_size = 1024;
  srtp_t session;
  if (srtp_create(&session, &policy) != srtp_err_status_ok) return fail("srtp_create failed");

  /* Room for the auth tag after the payload. */
  static unsigned char plain[PACKET_BYTES];
  static unsigned char packet[PACKET_BYTES + SRTP_MAX_TRAILER_LEN];
  for (int i = 0; i < PACKET_BYTES; i++) plain[i] = (unsigned char)(i * 31);
  plain[0] = 0x80;
  plain[1] = 96;
  uint32_t ssrc = htonl(0x12345678);
  memcpy(plain + 8, &ssrc, 4);

  int length = 0;
  double start = cpu_us();
  for (long n = 0; n < packets; n++) {
    memcpy(packet, plain, PACKET_BYTES);
    uint16_t sequence = htons((uint16_t)n);
    memcpy(packet + 2, &sequence, 2);
    uint32_t timestamp = htonl((uint32_t)(n / 4 * 3000));
    memcpy(packet + 4, &timestamp, 4);
    length = PACKET_BYTES;
    if (srtp_protect(session, packet, &length) != srtp_err_status_ok) return fail("srtp_protect failed");
  }
  double protect_us = (cpu_us() - start) / packets;

  int receiver = socket(AF_INET, SOCK_DGRAM, 0);
  int sender = socket(AF_INET, SOCK_DGRAM, 0);
  if (receiver < 0 || sender < 0) return fail("socket failed");
  struct sockaddr_in address;
  memset(&address, 0, sizeof address);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t address_length = sizeof address;
  if (bind(receiver, (struct sockaddr *)&address, sizeof address) != 0) return fail("bind failed");
  if (getsockname(receiver, (struct sockaddr *)&address, &address_length) != 0) return fail("getsockname failed");

  /* The receiver is drained every 64 sends so the sends are delivered, not dropped at a full buffer. */
  static unsigned char sink[PACKET_BYTES + SRTP_MAX_TRAILER_LEN];
  double send_cpu = 0;
  for (long n = 0; n < packets; n += 64) {
    long batch = packets - n < 64 ? packets - n : 64;
    double batch_start = cpu_us();
    for (long i = 0; i < batch; i++) {
      if (sendto(sender, packet, (size_t)length, 0, (struct sockaddr *)&address, sizeof address) != length) return fail("sendto failed");
    }
    send_cpu += cpu_us() - batch_start;
    for (long i = 0; i < batch; i++) {
      if (recv(receiver, sink, sizeof sink, MSG_DONTWAIT) < 0) break;
    }
  }
  double send_us = send_cpu / packets;

  close(sender);
  close(receiver);
  srtp_dealloc(session);
  srtp_shutdown();
  printf("{\"protectUs\":%.4f,\"sendUs\":%.4f,\"packets\":%ld,\"protectedBytes\":%d}\n", protect_us, send_us, packets, length);
  return 0;
}
