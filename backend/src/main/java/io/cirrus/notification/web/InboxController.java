package io.cirrus.notification.web;

import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.cirrus.notification.InboxItem;
import io.cirrus.notification.InboxService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/api/v1/inbox")
@Tag(name = "Inbox", description = "The caller's in-portal notifications")
class InboxController {

	private final InboxService inbox;

	InboxController(InboxService inbox) {
		this.inbox = inbox;
	}

	@GetMapping
	@Operation(summary = "The caller's inbox, newest first")
	List<InboxItem> items(@RequestParam(defaultValue = "false") boolean unread, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "50") int size) {
		return inbox.items(unread, page, size);
	}

	@GetMapping("/unread-count")
	@Operation(summary = "How many inbox entries are unread")
	Map<String, Integer> unread() {
		return Map.of("unread", inbox.unreadCount());
	}

	@PostMapping("/{id}/read")
	@Operation(summary = "Mark one entry read")
	@ApiResponse(responseCode = "204", description = "Marked read")
	ResponseEntity<Void> read(@PathVariable long id) {
		inbox.markRead(id);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/read-all")
	@Operation(summary = "Mark every entry read")
	Map<String, Integer> readAll() {
		return Map.of("marked", inbox.markAllRead());
	}
}
